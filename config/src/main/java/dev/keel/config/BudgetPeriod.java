package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The period a tenant budget resets over (UTC calendar day or month). */
public enum BudgetPeriod {
    DAY("day"),
    MONTH("month");

    private final String id;

    BudgetPeriod(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
