package dev.keel.alerts.internal;

import dev.keel.alerts.SendOutcome;
import dev.keel.alerts.Sink;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;

import java.io.PrintWriter;

/** Prints each page as two lines (headline, summary and runbook) to a writer: the demo's sink. Always accepts. */
public final class ConsoleSink implements Sink {

    private final String name;
    private final PrintWriter out;

    public ConsoleSink(String name, PrintWriter out) {
        this.name = name;
        this.out = out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendOutcome send(PageEvent page) {
        synchronized (out) {
            out.println((page.getState() == AlertState.FIRING ? "  PAGE >> " : "  PAGE << ") + PageText.headline(page));
            out.println("           " + page.getSummary() + "  runbook: " + page.getRunbook());
            out.flush();
        }
        return new SendOutcome.Accepted(0);
    }
}
