package io.prefstream.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TorchThreadsTest {

    @Test
    void pinKeepsTheCountInForceAndSetChangesIt() {
        int pinned = TorchThreads.pin();
        assertTrue(pinned >= 1, "libtorch reports " + pinned + " threads");
        try {
            assertEquals(1, TorchThreads.set(1));
            assertEquals(1, TorchThreads.pin(), "pinning again must not undo an explicit count");
        } finally {
            TorchThreads.set(pinned);
        }
        assertEquals(pinned, TorchThreads.pin());
    }

    @Test
    void refusesFewerThanOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchThreads.set(0));
        assertTrue(e.getMessage().contains("at least one thread"), e.getMessage());
    }
}
