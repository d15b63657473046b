package dev.keel.testbase.arch;

import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * Keel's modules by tier, each one layer (its root package). A module may use modules of lower tiers only:
 * none of its own tier, none above. The tiers follow the poms' dependencies:
 * <pre>
 * 7  cli, bench                                  (command lines: may use everything below)
 * 6  gateway                                     (client)
 * 5  client, alerts, export, report              (kafka-support; report reads slo-streams' status)
 * 4  router-worker, slo-streams                  (providers, kafka-support; metrics)
 * 3  providers                                   (config, schemas)
 * 2  kafka-support, embedded-kafka, metrics, provider-sim
 * 1  config
 * 0  schemas
 * </pre>
 * The test fixtures stand aside: test-base uses no Keel module; test-support uses the modules it builds on
 * (schemas, config, embedded-kafka, provider-sim, test-base). Every module's tests may use test-base, and
 * those of modules not below test-support may use test-support ({@link KeelArchitecture#MAIN_CODE_USES_NO_TEST_FIXTURES}
 * keeps them out of main code).
 */
final class ModuleLayers {

    static final String TEST_BASE = "test-base";
    static final String TEST_SUPPORT = "test-support";

    record Module(String name, String rootPackage, int tier) {
    }

    static final List<Module> MODULES = List.of(
            new Module("schemas", "dev.keel.schemas..", 0),
            new Module("config", "dev.keel.config..", 1),
            new Module("kafka-support", "dev.keel.kafka..", 2),
            new Module("embedded-kafka", "dev.keel.embedded..", 2),
            new Module("metrics", "dev.keel.metrics..", 2),
            new Module("provider-sim", "dev.keel.sim..", 2),
            new Module("providers", "dev.keel.providers..", 3),
            new Module("router-worker", "dev.keel.router..", 4),
            new Module("slo-streams", "dev.keel.slo..", 4),
            new Module("client", "dev.keel.client..", 5),
            new Module("alerts", "dev.keel.alerts..", 5),
            new Module("export", "dev.keel.export..", 5),
            new Module("report", "dev.keel.report..", 5),
            new Module("gateway", "dev.keel.gateway..", 6),
            new Module("cli", "dev.keel.cli..", 7),
            new Module("bench", "dev.keel.bench..", 7));

    /** What test-support is built on: these modules' own tests cannot use it (it would be a cycle). */
    static final Set<String> BELOW_TEST_SUPPORT = Set.of("schemas", "config", "embedded-kafka", "provider-sim");

    private ModuleLayers() {
    }

    static LayeredArchitecture rule() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer(TEST_BASE).definedBy("dev.keel.testbase..")
                .layer(TEST_SUPPORT).definedBy("dev.keel.testsupport..");
        for (Module module : MODULES) {
            layers = layers.layer(module.name()).definedBy(module.rootPackage());
        }
        layers = layers.whereLayer(TEST_BASE).mayNotAccessAnyLayer()
                .whereLayer(TEST_SUPPORT).mayOnlyAccessLayers(testSupportUses());
        for (Module module : MODULES) {
            layers = layers.whereLayer(module.name()).mayOnlyAccessLayers(usableBy(module));
        }
        return layers.as("modules use only modules of lower tiers (schemas → config → kafka-support → providers → "
                + "router-worker / slo-streams → client, alerts, export, report → gateway → cli, bench)");
    }

    private static String[] testSupportUses() {
        List<String> uses = new ArrayList<>(BELOW_TEST_SUPPORT);
        uses.add(TEST_BASE);
        return uses.toArray(String[]::new);
    }

    private static String[] usableBy(Module user) {
        List<String> usable = new ArrayList<>();
        usable.add(TEST_BASE);
        if (!BELOW_TEST_SUPPORT.contains(user.name())) {
            usable.add(TEST_SUPPORT);
        }
        for (Module module : MODULES) {
            if (module.tier() < user.tier()) {
                usable.add(module.name());
            }
        }
        return usable.toArray(String[]::new);
    }
}
