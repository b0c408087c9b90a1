package io.zeroapi.cli.codegen;

import java.util.Locale;
import java.util.Set;

/**
 * How the Java generator turns the contract's names (functions, definitions, fields, enum
 * constants, parameters) into Java identifiers. Every rule depends on the name alone, so the same
 * contract always gives the same identifiers; {@link JavaClientGenerator} then makes them unique in
 * contract order.
 *
 * <ul>
 *   <li>A character that cannot be part of a Java identifier becomes {@code _}; a name that cannot
 *       start an identifier (a digit) gets a leading {@code _}; an empty name gets a default.
 *   <li>A keyword, literal or restricted identifier gets a trailing {@code _} ({@code class_}).
 *   <li>Methods are lower camel case ({@code hello_world} is {@code helloWorld}); a method named like
 *       a method of {@code Object} gets a trailing {@code _} ({@code toString_}), since an interface
 *       cannot redeclare those (and proxies treat them as local).
 *   <li>Record components named like the methods a record may not have as accessors ({@code
 *       hashCode}, {@code toString}, {@code getClass}, ...) get a trailing {@code _}.
 * </ul>
 */
final class JavaNames {
  private JavaNames() {}

  /** Reserved keywords and literals: never an identifier. */
  static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
      "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
      "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_");

  /** Contextual keywords that cannot name a type (JLS 3.9). */
  static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

  /** Methods of {@code Object}: an interface cannot declare the final ones, and the others mean something else. */
  static final Set<String> OBJECT_METHODS = Set.of(
      "clone", "equals", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  /** Names a record component may not have (JLS 8.10.1). */
  static final Set<String> FORBIDDEN_COMPONENTS = Set.of(
      "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  /** Whether {@code name} is a Java identifier that may name a variable or method. */
  static boolean isIdentifier(String name) {
    if (name.isEmpty() || KEYWORDS.contains(name) || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
      return false;
    }
    return name.codePoints().allMatch(Character::isJavaIdentifierPart);
  }

  /** Whether {@code name} is a package name: dot-separated identifiers. */
  static boolean isPackageName(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} may name a top-level type. */
  static boolean isTypeName(String name) {
    return isIdentifier(name) && !RESTRICTED_TYPE_NAMES.contains(name);
  }

  /** {@code raw} with every character that cannot be in an identifier replaced by {@code _}. */
  private static String replaceInvalid(String raw) {
    StringBuilder out = new StringBuilder();
    raw.codePoints().forEach(c -> {
      if (Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c)) {
        out.appendCodePoint(c);
      } else {
        out.append('_');
      }
    });
    if (!out.isEmpty() && !Character.isJavaIdentifierStart(out.codePointAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /** A type's name: the contract's name made an identifier ({@code Type} if nothing is left). */
  static String typeName(String raw) {
    String name = replaceInvalid(raw);
    if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) {
      name = "Type" + name;
    }
    return KEYWORDS.contains(name) || RESTRICTED_TYPE_NAMES.contains(name) ? name + "_" : name;
  }

  /** An enum constant's name: the contract's constant name made an identifier. */
  static String constantName(String raw) {
    String name = replaceInvalid(raw);
    if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) {
      name = "VALUE" + name;
    }
    return KEYWORDS.contains(name) ? name + "_" : name;
  }

  /** A record component's name: the wire name, made an identifier if it is not one. */
  static String componentName(String raw) {
    String name = replaceInvalid(raw);
    if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) {
      name = "field" + name;
    }
    return KEYWORDS.contains(name) || FORBIDDEN_COMPONENTS.contains(name) ? name + "_" : name;
  }

  /** A method's name: the function's name in lower camel case. */
  static String methodName(String raw) {
    String name = lowerCamel(raw, "call");
    return KEYWORDS.contains(name) || OBJECT_METHODS.contains(name) ? name + "_" : name;
  }

  /** A parameter's name: lower camel case. */
  static String parameterName(String raw) {
    String name = lowerCamel(raw, "argument");
    return KEYWORDS.contains(name) ? name + "_" : name;
  }

  /**
   * {@code raw} in lower camel case: split at every character that is not a letter or digit
   * ({@code _} included), the first part's leading capitals lowered ({@code URLPath} is {@code
   * urlPath}), every later part capitalised. {@code fallback} if nothing is left; a leading digit
   * gets a {@code _} before it.
   */
  static String lowerCamel(String raw, String fallback) {
    StringBuilder out = new StringBuilder();
    StringBuilder part = new StringBuilder();
    int[] codePoints = raw.codePoints().toArray();
    for (int i = 0; i <= codePoints.length; i++) {
      int c = i < codePoints.length ? codePoints[i] : -1;
      if (c != -1 && Character.isLetterOrDigit(c) && Character.isJavaIdentifierPart(c)) {
        part.appendCodePoint(c);
        continue;
      }
      if (!part.isEmpty()) {
        out.append(out.isEmpty() ? lowerLeading(part.toString()) : capitalize(part.toString()));
        part.setLength(0);
      }
    }
    if (out.isEmpty()) {
      return fallback;
    }
    if (!Character.isJavaIdentifierStart(out.codePointAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /** {@code HelloWorld} is {@code helloWorld}, {@code URLPath} is {@code urlPath}, {@code ID} is {@code id}. */
  private static String lowerLeading(String word) {
    int[] cps = word.codePoints().toArray();
    int upper = 0;
    while (upper < cps.length && Character.isUpperCase(cps[upper])) {
      upper++;
    }
    if (upper == 0) {
      return word;
    }
    // In URLPath the P starts the next word: keep it.
    int lower = upper == cps.length || upper == 1 ? upper : upper - 1;
    if (upper < cps.length && !Character.isLetter(cps[upper])) {
      lower = upper; // ID2 is id2
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cps.length; i++) {
      out.appendCodePoint(i < lower ? Character.toLowerCase(cps[i]) : cps[i]);
    }
    return out.toString();
  }

  private static String capitalize(String word) {
    int first = word.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
        .append(word.substring(Character.charCount(first))).toString();
  }

  /** The key under which two names clash: file names on case-insensitive file systems clash by case. */
  static String clashKey(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
