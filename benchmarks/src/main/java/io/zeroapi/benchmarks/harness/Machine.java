package io.zeroapi.benchmarks.harness;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The box: /proc readers (CPU of processes and of the machine), idle gating, and what it is. */
final class Machine {
  private Machine() {}

  /** Clock ticks per second of /proc (USER_HZ); 100 on every Linux build that matters. */
  static final long HZ = 100;

  /** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
  record CpuTotals(long busy, long total) {}

  static CpuTotals cpuTotals() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new CpuTotals(total - idle, total);
    } catch (IOException | RuntimeException e) {
      return new CpuTotals(0, 0);
    }
  }

  /** utime + stime of a process in ticks, or 0 when it cannot be read. */
  static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15, counted after "(comm)"
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Context switches of a process so far, voluntary and not, summed over its live threads (a thread
   * that has exited takes its count with it), or 0 when they cannot be read. Per call, it shows
   * how often threads park and wake to hand calls over.
   */
  static long contextSwitches(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException exited) {
          // the thread ended while we read
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return sum;
  }

  /**
   * Waits up to {@code maxMillis} for a 200 ms sample of at least {@code idleFraction} idle CPU;
   * returns the idle fraction of the last sample.
   */
  static double waitForIdle(double idleFraction, long maxMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxMillis;
    double idle;
    do {
      CpuTotals a = cpuTotals();
      Thread.sleep(200);
      CpuTotals b = cpuTotals();
      long total = b.total() - a.total();
      idle = total <= 0 ? 1.0 : 1.0 - (double) (b.busy() - a.busy()) / total;
      if (idle >= idleFraction) {
        return idle;
      }
    } while (System.currentTimeMillis() < deadline);
    return idle;
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** nproc, CPU model, memory, kernel. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", grep("/proc/cpuinfo", "model name\\s*:\\s*(.*)"));
    String mem = grep("/proc/meminfo", "MemTotal:\\s*(\\d+) kB");
    m.put("memory_gib", mem == null ? null : Math.round(Long.parseLong(mem) / 1024.0 / 1024.0 * 10) / 10.0);
    m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("loadavg_at_start", loadAverage());
    return m;
  }

  private static String grep(String file, String regex) {
    try {
      Matcher matcher = Pattern.compile(regex).matcher(Files.readString(Path.of(file)));
      return matcher.find() ? matcher.group(1).trim() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code java -version} of the JDK running the harness (the servers use the same one). */
  static String javaVersion() {
    try {
      Process p = new ProcessBuilder(javaBinary(), "-version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Versions of the libraries on the class path, read from their jars' manifests. */
  static Map<String, String> libraryVersions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("zero", jarVersion(io.zeroapi.ZeroServer.class));
    v.put("netty", io.netty.util.Version.identify().containsKey("netty-transport")
        ? io.netty.util.Version.identify().get("netty-transport").artifactVersion()
        : jarVersion(io.netty.channel.Channel.class));
    v.put("grpc-java", jarVersion(io.grpc.ManagedChannel.class));
    v.put("grpc-netty-shaded", jarVersion(io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.class));
    v.put("jeromq", jarVersion(org.zeromq.ZMQ.class));
    v.put("libzmq", LibzmqRaw.ENGINE != null ? LibzmqRaw.ENGINE.description().replaceFirst("^libzmq ", "") : "unavailable: " + LibzmqRaw.UNAVAILABLE);
    v.put("msgpack-core", jarVersion(org.msgpack.core.MessagePack.class));
    v.put("lettuce", jarVersion(io.lettuce.core.RedisClient.class));
    v.put("hdrhistogram", jarVersion(org.HdrHistogram.Histogram.class));
    return v;
  }

  private static String jarVersion(Class<?> type) {
    try {
      URL location = type.getProtectionDomain().getCodeSource().getLocation();
      Path path = Path.of(location.toURI());
      if (Files.isRegularFile(path)) {
        try (JarFile jar = new JarFile(path.toFile())) {
          var attrs = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
          if (attrs != null) {
            for (String key : List.of("Implementation-Version", "Bundle-Version")) {
              String value = attrs.getValue(key);
              if (value != null) {
                return value;
              }
            }
          }
        }
        Matcher m = Pattern.compile("-(\\d[\\w.\\-]*)\\.jar$").matcher(path.getFileName().toString());
        if (m.find()) {
          return m.group(1);
        }
      }
      return "unknown (" + path.getFileName() + ")";
    } catch (Exception e) {
      return "unknown";
    }
  }

  static List<String> jvmFlagsNote() {
    return new ArrayList<>();
  }
}
