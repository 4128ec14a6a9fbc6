package io.prefstream.ops.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAddressTest {

    @Test
    void shouldSeeAListeningAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(BrokerAddress.isListening("127.0.0.1:" + socket.getLocalPort())).isTrue();
        }
    }

    @Test
    void shouldSeeThatAClosedPortDoesNotListen() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(BrokerAddress.isListening("127.0.0.1:" + port)).isFalse();
    }

    @Test
    void shouldAcceptAListWhenAnyAddressListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(BrokerAddress.isListening("127.0.0.1:notaport, 127.0.0.1:" + socket.getLocalPort())).isTrue();
        }
    }

    @Test
    void shouldTreatAnAddressWithoutPortAsNotListening() {
        assertThat(BrokerAddress.isListening("garbage")).isFalse();
        assertThat(BrokerAddress.isListening("127.0.0.1:99999")).isFalse();
    }

    @Test
    void shouldClearOnlyItsOwnAddress(@TempDir Path dataDir) {
        BrokerAddress.write(dataDir, "127.0.0.1:1111");
        BrokerAddress.write(dataDir, "127.0.0.1:2222");

        BrokerAddress.clear(dataDir, "127.0.0.1:1111");
        assertThat(BrokerAddress.read(dataDir)).as("a newer broker's address stays").contains("127.0.0.1:2222");

        BrokerAddress.clear(dataDir, "127.0.0.1:2222");
        assertThat(BrokerAddress.read(dataDir)).isEmpty();
    }
}
