package dev.keel.bench.load;

import java.util.List;
import java.util.Locale;

/** CPU (from {@code /proc}) and heap (as the child reports it) of the Keel process over the measured part. */
public final class KeelProcessProbe implements RunProbe {

    private final KeelProcess keel;
    private final String label;
    private final CpuTrack cpu = new CpuTrack();
    private boolean reset;

    public KeelProcessProbe(KeelProcess keel, String label) {
        this.keel = keel;
        this.label = label;
    }

    @Override
    public void sample(long measuredNanos) {
        if (!reset) {
            keel.resetHeapPeaks();
            reset = true;
        }
        cpu.sample(keel.cpuNanos(), System.nanoTime());
    }

    @Override
    public List<String> summary() {
        long mb = 1024 * 1024;
        return List.of(String.format(Locale.ROOT, "%s (pid %d) CPU: %s; heap used max %d MB, after GC max %d MB, committed max %d MB",
                label, keel.pid(), cpu.describe(), keel.heapUsedMax() / mb, keel.heapAfterGcMax() / mb, keel.heapCommittedMax() / mb));
    }
}
