package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.ingest.metrics.CollectorMeters;
import io.prefstream.ingest.metrics.IngestMeters;

/** A client that trickles its body in is cut off instead of holding a server thread for as long as it likes. */
class CollectorSlowBodyTest {

    private static final int READ_TIMEOUT_MS = 20_000;

    @Test
    void shouldDropABodySentSlowerThanTheMinimumRate() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CollectorMeters meters = new CollectorMeters();
        meters.bindTo(registry);
        try (CollectorFixture collector = CollectorFixture.startWithMeters(meters);
                Socket socket = new Socket("127.0.0.1", collector.server.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + CollectorServer.JUDGMENTS_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + CollectorFixture.TOKEN + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            String answer = "";
            for (int sent = 0; sent < 30 && answer.isEmpty(); sent++) {
                Thread.sleep(500);
                if (!trickle(out, socket.getInputStream())) {
                    answer = read(socket.getInputStream());
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            assertThat(answer).as("the server ends the request within %d s", seconds).isNotEmpty();
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(collector.producer.history()).isEmpty();
            assertThat(registry.get(IngestMeters.COLLECTOR_REQUESTS).tag(IngestMeters.OUTCOME, "refused")
                    .functionCounter().count()).as("the 408 is counted as refused").isEqualTo(1);
            assertThat(collector.post(CollectorFixture.quoted("{'prompt': 'p', 'chosen': 'a', 'rejected': 'b'}"))
                    .statusCode()).as("the server still serves others").isEqualTo(200);
        }
    }

    /** Sends one more byte; false once the server has answered or closed the connection. */
    private static boolean trickle(OutputStream out, InputStream in) {
        try {
            if (in.available() > 0) {
                return false;
            }
            out.write(' ');
            out.flush();
            return true;
        } catch (IOException closed) {
            // The server closed the connection: what it answered, if anything, is read next.
            return false;
        }
    }

    private static String read(InputStream in) throws IOException {
        try {
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException | java.net.SocketException e) {
            return "closed: " + e.getMessage();
        }
    }
}
