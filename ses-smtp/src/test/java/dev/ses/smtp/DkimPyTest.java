package dev.ses.smtp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that checks signatures with {@link DkimPy}. It runs where dkimpy is found; where it is not, it is skipped
 * with a message saying how to enable it, or fails naming what to install when {@code CI} is set.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(DkimPy.Requirement.class)
public @interface DkimPyTest {
}
