package com.example.greeter.api;

/**
 * The argument of {@code greet}: a record, encoded as the map {@code {"name": ..., "times": ...}}.
 *
 * @param name who to greet
 * @param times how many times
 */
public record Greeting(String name, int times) {}
