package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void shouldHoldTheShutdownUntilTheCommandHasClosed() throws Exception {
        GracefulStop stop = new GracefulStop("test", Duration.ofSeconds(30));
        Thread hook = new Thread(stop::onShutdown);

        hook.start();
        assertThat(stop.requested().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stop.isRequested()).isTrue();
        hook.join(200);
        assertThat(hook.isAlive()).as("the hook waits for the command").isTrue();

        stop.closed();
        hook.join(5_000);
        assertThat(hook.isAlive()).isFalse();
    }

    @Test
    void shouldLetTheJvmGoAfterTheGraceWhenTheCommandNeverCloses() throws Exception {
        GracefulStop stop = new GracefulStop("test", Duration.ofSeconds(1));
        Thread hook = new Thread(stop::onShutdown);

        long started = System.nanoTime();
        hook.start();
        hook.join(10_000);

        assertThat(hook.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}
