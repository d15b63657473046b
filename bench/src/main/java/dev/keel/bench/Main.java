package dev.keel.bench;

import java.util.Arrays;

/** {@code bench/run NAME [args]}: one benchmark per name; each prints its figures as a Markdown table row set. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench/run control-switch [workers] [flips] | worker-throughput [requests] [in-flight] [exactly-once|at-least-once] | delivery-latency [requests] [per-second] | load --rate N ... (see bench/README.md)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "control-switch" -> ControlSwitchBench.run(rest);
            case "worker-throughput" -> WorkerThroughputBench.run(rest);
            case "delivery-latency" -> DeliveryLatencyBench.run(rest);
            case "load" -> dev.keel.bench.load.LoadCommand.run(rest);
            default -> {
                System.err.println("bench: unknown benchmark '" + args[0] + "' (control-switch, worker-throughput, delivery-latency, load)");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
