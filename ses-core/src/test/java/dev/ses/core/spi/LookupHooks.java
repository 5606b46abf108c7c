package dev.ses.core.spi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

/**
 * A store whose lookups by natural key ({@code byName} of domains, templates and groups, {@code byEmail} of
 * addresses) pass through a hook, for tests that play the race between a service's duplicate check and its insert:
 * the hook may hold a lookup until another thread has made its own, or hide what it found, as if another call
 * inserted the same key just after it. Everything else goes straight to the store.
 */
public final class LookupHooks {
    private static final Set<Class<?>> KEYED = Set.of(DomainRepository.class, AddressRepository.class,
            TemplateRepository.class, GroupRepository.class);
    private static final Set<String> LOOKUPS = Set.of("byName", "byEmail");

    /** What the caller of a lookup gets instead of what the store found. */
    @FunctionalInterface
    public interface Hook {
        /** Called on the looking-up thread with what the store found; returns what the caller sees. */
        Optional<?> after(Optional<?> found) throws Exception;
    }

    private LookupHooks() {
    }

    /** The store with the hook on its lookups by natural key. */
    public static Store on(Store store, Hook hook) {
        return proxy(Store.class, store, (method, result) -> KEYED.contains(method.getReturnType())
                ? proxy(method.getReturnType(), result, (m, found) -> LOOKUPS.contains(m.getName())
                        ? hook.after((Optional<?>) found) : found)
                : result);
    }

    private interface After {
        Object apply(Method method, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                // What the store threw, as it threw it: a caller tells a duplicate by its type and code.
                throw e.getCause();
            }
            return after.apply(method, result);
        });
        return type.cast(proxy);
    }
}
