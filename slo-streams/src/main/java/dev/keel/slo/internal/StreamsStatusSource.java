package dev.keel.slo.internal;

import dev.keel.slo.SloMetrics;
import dev.keel.slo.SloTopology;
import dev.keel.slo.StatusReading;
import dev.keel.slo.StatusSnapshot;
import dev.keel.slo.StatusSource;
import dev.keel.slo.StoreStatusSource;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Status through interactive queries: the engine's scopes are spread over its tasks, so over the
 * instances. This instance answers from its local stores and asks every other host named in the Streams
 * metadata ({@code application.server}) over HTTP ({@code ?local=true}), then joins the parts
 * ({@link StatusMerge}); any host that does not answer makes the status unavailable. Thread-safe.
 */
public final class StreamsStatusSource implements StatusSource {

    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final StoreStatusSource local;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

    public StreamsStatusSource(KafkaStreams streams, HostInfo self, SloMetrics metrics, InstantSource clock) {
        this.streams = streams;
        this.self = self;
        this.clock = clock;
        this.local = new StoreStatusSource(() -> store(SloTopology.STATUS_STORE), () -> store(SloTopology.META_STORE), metrics, clock);
    }

    @Override
    public StatusReading read() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new StatusReading.Unavailable("the SLO app is " + streams.state() + ", not RUNNING yet");
        }
        Collection<StreamsMetadata> hosts = streams.streamsMetadataForStore(SloTopology.STATUS_STORE);
        if (hosts.isEmpty()) {
            return new StatusReading.Unavailable("no instance hosts the SLO state right now (rebalancing)");
        }
        // Scopes are spread over the engine tasks, hence over instances: ask every host and join the parts.
        List<StatusSnapshot> parts = new ArrayList<>();
        for (StreamsMetadata host : hosts) {
            StatusReading part = host.hostInfo().equals(self) ? readLocal() : forward(host.hostInfo());
            if (!(part instanceof StatusReading.Ready ready)) {
                return part;
            }
            parts.add(ready.snapshot());
        }
        return new StatusReading.Ready(StatusMerge.merge(parts, clock.millis()));
    }

    @Override
    public StatusReading readLocal() {
        try {
            return local.read();
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return new StatusReading.Unavailable("the SLO state is not queryable here: " + e.getMessage());
        }
    }

    private StatusReading forward(HostInfo host) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/status?local=true");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new StatusReading.Unavailable("instance " + host + " answered HTTP " + response.statusCode());
            }
            return new StatusReading.Ready(StatusSnapshot.JSON.readValue(response.body(), StatusSnapshot.class));
        } catch (IOException e) {
            return new StatusReading.Unavailable("instance " + host + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StatusReading.Unavailable("interrupted while asking " + host);
        }
    }

    private ReadOnlyKeyValueStore<String, String> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, String>keyValueStore()));
    }
}
