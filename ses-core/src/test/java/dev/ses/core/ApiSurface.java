package dev.ses.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;

/**
 * The rule every module's architecture test applies to its exported packages: what a user can see (a public type's
 * supertypes and type parameters, its public and protected fields, constructors and methods with their parameter,
 * return, type parameter and thrown types) names no type of an {@code internal} package, which the module
 * descriptors do not export.
 */
public final class ApiSurface {
    private ApiSurface() {
    }

    /** True for {@code a.b.internal} and every package below it. */
    static boolean isInternal(JavaClass type) {
        String pkg = type.getPackageName();
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    private static boolean isVisible(JavaClass type) {
        for (Optional<JavaClass> c = Optional.of(type); c.isPresent(); c = c.get().getEnclosingClass()) {
            if (!c.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isLocalClass();
    }

    private static boolean isVisible(JavaMember member) {
        Set<JavaModifier> m = member.getModifiers();
        return (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
                && !m.contains(JavaModifier.SYNTHETIC) && !m.contains(JavaModifier.BRIDGE);
    }

    /** The rule over the public types of the given packages (each exactly, not the packages below it). */
    public static ArchRule exportedSignaturesNameNoInternalType(String... exportedPackages) {
        return classes().that().resideInAnyPackage(exportedPackages)
                .should(new ArchCondition<JavaClass>("name no internal type in their public signatures") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (!isVisible(type)) {
                            return;
                        }
                        type.getSuperclass().ifPresent(s -> report(type, "its superclass", s, events));
                        type.getInterfaces().forEach(i -> report(type, "an interface it implements", i, events));
                        type.getTypeParameters().forEach(p -> report(type, "its type parameter", p, events));
                        for (JavaField f : type.getFields()) {
                            if (isVisible(f)) {
                                report(type, "field " + f.getName(), f.getType(), events);
                            }
                        }
                        for (JavaCodeUnit u : type.getCodeUnits()) {
                            if (isVisible(u) && !u.getName().equals("<clinit>")) {
                                for (JavaClass named : u.getAllInvolvedRawTypes()) {
                                    if (isInternal(named)) {
                                        events.add(SimpleConditionEvent.violated(u, u.getFullName()
                                                + " names the internal type " + named.getName()));
                                    }
                                }
                            }
                        }
                    }

                    private void report(JavaClass type, String where, JavaType named, ConditionEvents events) {
                        for (JavaClass raw : named.getAllInvolvedRawTypes()) {
                            if (isInternal(raw)) {
                                events.add(SimpleConditionEvent.violated(type, type.getName() + ": " + where
                                        + " names the internal type " + raw.getName()));
                            }
                        }
                    }
                });
    }
}
