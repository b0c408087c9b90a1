/** The benchmark harness and JMH microbenchmarks of Zero for Java; not published. */
package io.zeroapi.benchmarks;
