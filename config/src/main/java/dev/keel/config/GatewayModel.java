package dev.keel.config;

/**
 * What a {@code model} name of the gateway means: the provider to try first (none: the configured
 * routing strategy decides) and whether failover applies.
 *
 * @param pin      {@code primary}, {@code secondary}, or unset
 * @param failover whether the request may fail over (default true)
 */
public record GatewayModel(String pin, Boolean failover) {

    public static final GatewayModel ROUTED = new GatewayModel(null, null);

    public GatewayModel {
        pin = pin == null || pin.isBlank() ? null : pin;
        failover = failover == null || failover;
    }
}
