package dev.keel.providers.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental parser for {@code text/event-stream} (WHATWG HTML "Server-sent events", section
 * "Event stream interpretation"), fed raw bytes as they arrive.
 *
 * <p>Lines end with CRLF, LF or CR, in any mix, and may be split anywhere across {@link #feed} calls,
 * including inside a CRLF pair or a multi-byte UTF-8 character (lines are decoded whole). Comment
 * lines ({@code :...}) are skipped; {@code data} lines accumulate and join with LF; a blank line
 * dispatches the event; an event with no data is dropped, as the spec says. {@code id} and
 * {@code retry} are ignored (Keel never reconnects a stream). Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType;
    private boolean lastWasCr;

    /** Parses {@code length} bytes and returns the events they completed (often none, sometimes several). */
    public List<SseEvent> feed(byte[] bytes, int offset, int length) {
        List<SseEvent> events = new ArrayList<>(2);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false; // second half of CRLF: the line already ended at CR
                } else {
                    endLine(events);
                }
                i++;
            } else if (b == '\r') {
                lastWasCr = true;
                endLine(events);
                i++;
            } else {
                // copy the run of line bytes at once (a per-byte append is most of a stream's parsing cost)
                lastWasCr = false;
                int start = i;
                while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
                    i++;
                }
                append(bytes, start, i - start);
            }
        }
        return events;
    }

    private void append(byte[] bytes, int from, int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /** True when bytes of an unfinished line or event are buffered (the stream was cut mid-event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || hasData;
    }

    private void endLine(List<SseEvent> events) {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id, retry and unknown fields: nothing Keel uses
            }
        }
    }

    private void dispatch(List<SseEvent> events) {
        if (hasData) {
            events.add(new SseEvent(eventType == null || eventType.isEmpty() ? SseEvent.DEFAULT_EVENT : eventType,
                    data.toString()));
        }
        data.setLength(0);
        hasData = false;
        eventType = null;
    }
}
