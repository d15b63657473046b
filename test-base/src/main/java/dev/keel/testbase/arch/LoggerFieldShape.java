package dev.keel.testbase.arch;

import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Set;

/**
 * A logger field is {@code private static final}, or {@code private final} in a class whose constructor takes the
 * logger it writes to (a wrapper logging under its user's name).
 */
final class LoggerFieldShape extends ArchCondition<JavaField> {

    LoggerFieldShape() {
        super("be private static final (or private final in a class handed its user's logger by its constructor)");
    }

    @Override
    public void check(JavaField field, ConditionEvents events) {
        Set<JavaModifier> modifiers = field.getModifiers();
        boolean privateFinal = modifiers.contains(JavaModifier.PRIVATE) && modifiers.contains(JavaModifier.FINAL);
        boolean handedIn = field.getOwner().getConstructors().stream()
                .anyMatch(c -> c.getRawParameterTypes().stream().anyMatch(t -> t.equals(field.getRawType())));
        boolean ok = privateFinal && (modifiers.contains(JavaModifier.STATIC) || handedIn);
        if (!ok) {
            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " is " + modifiers
                    + "; a logger is private static final " + field.getSourceCodeLocation()));
        }
    }
}
