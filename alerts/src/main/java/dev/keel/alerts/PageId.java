package dev.keel.alerts;

import dev.keel.schemas.PageEvent;

/**
 * The identity of a page transition: {@code alert_key|state|evaluated_at}. The SLO app is
 * at-least-once, so the same transition can appear twice on {@code slo.pages}; both copies have this id
 * and {@code keel alerts} delivers it once per sink. Webhook receivers get it as {@code X-Keel-Event-Id}.
 */
public record PageId(String value) {

    public static PageId of(PageEvent page) {
        return new PageId(page.getAlertKey() + "|" + page.getState() + "|" + page.getEvaluatedAt());
    }

    @Override
    public String toString() {
        return value;
    }
}
