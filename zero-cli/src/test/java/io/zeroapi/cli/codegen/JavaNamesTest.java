package io.zeroapi.cli.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules that turn the contract's names into Java identifiers. */
class JavaNamesTest {
  @Test
  void methodsAreLowerCamelCase() {
    assertThat(JavaNames.methodName("hello_world")).isEqualTo("helloWorld");
    assertThat(JavaNames.methodName("address_page")).isEqualTo("addressPage");
    assertThat(JavaNames.methodName("get-user.by id")).isEqualTo("getUserById");
    assertThat(JavaNames.methodName("HelloWorld")).isEqualTo("helloWorld");
    assertThat(JavaNames.methodName("URLPath")).isEqualTo("urlPath");
    assertThat(JavaNames.methodName("ID")).isEqualTo("id");
    assertThat(JavaNames.methodName("ID2")).isEqualTo("id2");
    assertThat(JavaNames.methodName("__private__")).isEqualTo("private_");
    assertThat(JavaNames.methodName("échanger_données")).isEqualTo("échangerDonnées");
    assertThat(JavaNames.methodName("alreadyCamel")).isEqualTo("alreadyCamel");
  }

  @Test
  void invalidMethodNamesAreMadeIdentifiers() {
    assertThat(JavaNames.methodName("2fa")).isEqualTo("_2fa");
    assertThat(JavaNames.methodName("!!!")).isEqualTo("call");
    assertThat(JavaNames.methodName("a$b")).isEqualTo("aB");
    assertThat(JavaNames.isIdentifier(JavaNames.methodName("😀 smile"))).isTrue();
  }

  @Test
  void keywordsAndObjectMethodsGetATrailingUnderscore() {
    assertThat(JavaNames.methodName("class")).isEqualTo("class_");
    assertThat(JavaNames.methodName("new")).isEqualTo("new_");
    assertThat(JavaNames.methodName("null")).isEqualTo("null_");
    assertThat(JavaNames.methodName("to_string")).isEqualTo("toString_");
    assertThat(JavaNames.methodName("wait")).isEqualTo("wait_");
    assertThat(JavaNames.methodName("get_class")).isEqualTo("getClass_");
    assertThat(JavaNames.parameterName("default")).isEqualTo("default_");
    assertThat(JavaNames.parameterName("user_id")).isEqualTo("userId");
    assertThat(JavaNames.parameterName("")).isEqualTo("argument");
  }

  @Test
  void typeNamesKeepTheContractsNameWhereItIsAnIdentifier() {
    assertThat(JavaNames.typeName("Page_Address")).isEqualTo("Page_Address");
    assertThat(JavaNames.typeName("io_zeroapi_other_Address")).isEqualTo("io_zeroapi_other_Address");
    assertThat(JavaNames.typeName("String")).isEqualTo("String"); // java.lang.String is qualified instead
    assertThat(JavaNames.typeName("a-b")).isEqualTo("a_b");
    assertThat(JavaNames.typeName("1st")).isEqualTo("_1st");
    assertThat(JavaNames.typeName("record")).isEqualTo("record_");
    assertThat(JavaNames.typeName("var")).isEqualTo("var_");
    assertThat(JavaNames.typeName("enum")).isEqualTo("enum_");
    assertThat(JavaNames.typeName("")).isEqualTo("Type");
    assertThat(JavaNames.typeName("_")).isEqualTo("Type_");
  }

  @Test
  void componentsAndConstants() {
    assertThat(JavaNames.componentName("created_at")).isEqualTo("created_at"); // the wire name, unchanged
    assertThat(JavaNames.componentName("class")).isEqualTo("class_");
    assertThat(JavaNames.componentName("hashCode")).isEqualTo("hashCode_");
    assertThat(JavaNames.componentName("equals")).isEqualTo("equals"); // allowed: equals() has no parameter
    assertThat(JavaNames.componentName("x-y")).isEqualTo("x_y");
    assertThat(JavaNames.componentName("")).isEqualTo("field");
    assertThat(JavaNames.constantName("RED")).isEqualTo("RED");
    assertThat(JavaNames.constantName("dark red")).isEqualTo("dark_red");
    assertThat(JavaNames.constantName("default")).isEqualTo("default_");
    assertThat(JavaNames.constantName("1")).isEqualTo("_1");
    assertThat(JavaNames.constantName("")).isEqualTo("VALUE");
  }

  @Test
  void packageNames() {
    assertThat(JavaNames.isPackageName("com.acme.client")).isTrue();
    assertThat(JavaNames.isPackageName("client")).isTrue();
    assertThat(JavaNames.isPackageName("com.acme.")).isFalse();
    assertThat(JavaNames.isPackageName("com..acme")).isFalse();
    assertThat(JavaNames.isPackageName("com.new.client")).isFalse();
    assertThat(JavaNames.isPackageName("com.acme-corp")).isFalse();
    assertThat(JavaNames.isPackageName("")).isFalse();
  }

  @Test
  void docTextCannotEndTheCommentOrStartATag() {
    String escaped = JavaClientGenerator.doc("a */ b @param {@code x} <b> & \\u002a/");
    assertThat(escaped).doesNotContain("*/", "@", "{", "<b>", "\\").contains("&lt;b&gt;", "&amp;");
  }
}
