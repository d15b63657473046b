package dev.keel.bench.load;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU of this JVM's parts, by thread name: per-thread CPU time (ThreadMXBean) summed into groups named by
 * {@code classify}; what the JVM spends outside Java threads (GC, JIT) is the process total minus their sum.
 * Virtual threads run on the carrier threads ({@code ForkJoinPool-*}), so a group of carriers holds all of
 * this JVM's virtual-thread work. Threads that end between samples lose their last interval.
 */
public final class ThreadGroupCpuProbe implements RunProbe {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Function<String, String> classify;
    private final Map<String, CpuTrack> groups = new LinkedHashMap<>();
    private final Map<Long, Long> lastByThread = new HashMap<>();
    private final Map<String, Long> cumulative = new HashMap<>();
    private final String processLabel;

    public ThreadGroupCpuProbe(Function<String, String> classify, String processLabel) {
        this.classify = classify;
        this.processLabel = processLabel;
    }

    @Override
    public void sample(long measuredNanos) {
        long now = System.nanoTime();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            long cpuTime = threads.getThreadCpuTime(ids[i]);
            if (infos[i] == null || cpuTime < 0) {
                continue;
            }
            long delta = cpuTime - lastByThread.getOrDefault(ids[i], 0L);
            lastByThread.put(ids[i], cpuTime);
            cumulative.merge(classify.apply(infos[i].getThreadName()), delta, Long::sum);
        }
        for (Map.Entry<String, Long> group : cumulative.entrySet()) {
            groups.computeIfAbsent(group.getKey(), g -> new CpuTrack()).sample(group.getValue(), now);
            sum += group.getValue();
        }
        long process = os.getProcessCpuTime();
        long outside = process - sum;
        groups.computeIfAbsent("jvm outside Java threads (GC, JIT)", g -> new CpuTrack()).sample(Math.max(0, outside), now);
        groups.computeIfAbsent("whole process", g -> new CpuTrack()).sample(process, now);
    }

    @Override
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        groups.forEach((name, track) -> out.add(processLabel + " CPU, " + name + ": " + track.describe()));
        return out;
    }
}
