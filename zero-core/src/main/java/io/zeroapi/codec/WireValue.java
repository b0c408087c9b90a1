package io.zeroapi.codec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the no-argument method of an enum that gives each constant's wire value, like Python's
 * {@code Enum.value} (or Jackson's {@code @JsonValue}):
 *
 * <pre>{@code
 * enum Color {
 *   RED(1), GREEN(2);
 *   private final int value;
 *   Color(int value) { this.value = value; }
 *   @WireValue int value() { return value; }
 * }
 * }</pre>
 *
 * <p>Such an enum travels as that value (here an int) and decodes from it, or leniently from the
 * constant's name. Enums without the annotation travel as their {@code name()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WireValue {}
