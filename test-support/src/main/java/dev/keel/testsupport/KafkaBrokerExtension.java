package dev.keel.testsupport;

import dev.keel.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a real broker as a {@link KafkaBroker} parameter. One broker per test JVM, chosen once:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that broker;</li>
 *   <li>a Docker engine reachable: Testcontainers {@code apache/kafka} of the clients' version;</li>
 *   <li>otherwise the embedded KRaft broker (the build machines have no Docker engine).</li>
 * </ol>
 * The broker lives in the root store and closes when the JVM's tests are done.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final String KAFKA_IMAGE = "apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("broker", k -> startBroker(), SharedBroker.class);
    }

    private static SharedBroker startBroker() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            LOGGER.info("Tests use the external broker at {}", external);
            return new SharedBroker(external.strip(), KafkaBroker.Kind.EXTERNAL, () -> { });
        }
        if (DockerProbe.available()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            LOGGER.info("Tests use a Testcontainers broker ({}) at {}", KAFKA_IMAGE, container.getBootstrapServers());
            return new SharedBroker(container.getBootstrapServers(), KafkaBroker.Kind.TESTCONTAINERS, container::stop);
        }
        EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.temporary());
        LOGGER.info("Tests use the embedded broker at {}", embedded.bootstrapServers());
        return new SharedBroker(embedded.bootstrapServers(), KafkaBroker.Kind.EMBEDDED, embedded::close);
    }

    /** The broker of this JVM; closed by JUnit when the root context closes. */
    record SharedBroker(String bootstrapServers, KafkaBroker.Kind kind, Runnable stopper)
            implements KafkaBroker, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stopper.run();
        }
    }
}
