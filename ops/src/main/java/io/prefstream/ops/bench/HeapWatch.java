package io.prefstream.ops.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches this JVM's heap: the largest heap occupancy right after a garbage collection (what
 * the program really holds, plus old-generation garbage not yet collected) and the peak
 * occupancy (which also counts garbage a lazy collector left lying). The caller must close it.
 */
final class HeapWatch implements AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final NotificationListener listener = this::collected;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    /** Starts watching; collections before this call are not seen. */
    HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(used, Math::max);
    }

    /** Returns the largest heap occupancy seen right after a collection, in bytes. */
    long peakAfterGc() {
        return peakAfterGc.get();
    }

    /** Returns the sum of the heap pools' peak occupancies, in bytes (an upper bound of the peak). */
    long peakUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> heapPools.contains(pool.getName()))
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    /** Returns the heap limit ({@code -Xmx}), in bytes. */
    long max() {
        return Runtime.getRuntime().maxMemory();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Registered in the constructor, so always found; if not, there is nothing to undo.
            }
        }
    }
}
