package dev.keel.slo.internal;

/**
 * One rule's answer for one scope at one evaluation: whether the condition holds, what was seen and
 * the limit it was held against. {@code enoughData} is false when the window had fewer requests than
 * the rule's minimum (then {@code breach} is false).
 */
public record Verdict(boolean breach, boolean enoughData, double observed, double threshold) {

    static Verdict noData(double threshold) {
        return new Verdict(false, false, 0, threshold);
    }
}
