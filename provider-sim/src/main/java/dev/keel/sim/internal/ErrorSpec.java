package dev.keel.sim.internal;

/**
 * An error answer before the dialect renders it.
 *
 * @param code OpenAI's {@code error.code}; Anthropic's {@code error.details.error_code}; may be null
 */
record ErrorSpec(int status, String type, String code, String message) {
}
