package dev.keel.providers.internal;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, {@code "message"} when the server sent none
 * @param data  the {@code data:} lines joined with {@code \n}
 */
public record SseEvent(String event, String data) {

    public static final String DEFAULT_EVENT = "message";
}
