package dev.keel.testbase.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * A class may depend on {@code p.internal..} only when it lives in {@code p} or below it. With several
 * {@code internal} segments the innermost decides ({@code a.internal.b.internal} belongs to {@code a.internal.b}).
 * Every kind of dependency counts: imports, calls, field types, signatures, annotations.
 */
final class OnlyOwnInternals extends ArchCondition<JavaClass> {

    private static final String INTERNAL = "internal";

    OnlyOwnInternals() {
        super("depend on no other package's internal classes");
    }

    @Override
    public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
            String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
            String owner = ownerOf(target);
            if (owner != null && !within(origin.getPackageName(), owner)) {
                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                        + " [" + target + " is internal to " + (owner.isEmpty() ? "the root package" : owner) + "]"));
            }
        }
    }

    /** The package an internal package belongs to, or null when {@code pkg} is not internal. */
    static String ownerOf(String pkg) {
        String[] segments = pkg.split("\\.");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (segments[i].equals(INTERNAL)) {
                return String.join(".", java.util.Arrays.copyOfRange(segments, 0, i));
            }
        }
        return null;
    }

    static boolean within(String pkg, String owner) {
        return owner.isEmpty() || pkg.equals(owner) || pkg.startsWith(owner + ".");
    }
}
