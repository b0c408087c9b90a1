package com.example.greeter.api;

/**
 * The result of {@code greet}: a record too, so both directions decode into this module's types.
 *
 * @param text the greeting
 * @param protocol the transport that carried it
 */
public record Reply(String text, String protocol) {}
