package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.providers.ProviderCall;

import java.net.URI;
import java.util.function.BiConsumer;

/**
 * What differs between providers: endpoint, headers, request body and response shapes. Timing,
 * transport and error status handling are shared ({@link HttpProviderClient}). Implementations are
 * stateless and thread-safe; {@link #newStream()} returns a fresh per-call reader.
 */
interface WireProtocol {

    ProviderKind kind();

    URI endpoint(URI baseUrl);

    /**
     * Adds the auth header (only when a key is set) and protocol headers, as (name, value) pairs. The only place a
     * key is revealed.
     */
    void addHeaders(BiConsumer<String, String> header, Secret apiKey);

    byte[] requestBody(ProviderCall call);

    /** Reads a complete 200 JSON body: an {@link Answer}, or a {@link Failure} for an error or wrong shape. */
    Read<Answer> readBody(JsonNode body);

    StreamState newStream();
}
