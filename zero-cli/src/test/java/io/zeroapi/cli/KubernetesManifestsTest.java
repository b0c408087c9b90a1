package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.zeroapi.Protocol;
import io.zeroapi.internal.Health;
import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/kubernetes, parsed with the Kubernetes model classes (no cluster needed): every manifest is
 * a valid object listed by the kustomization, and the ports, probe paths, names and shutdown timings
 * agree with the command lines the containers run, read back with the commands' own parsers, and
 * with the code's defaults (drain delay, grace period, health paths).
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve("deploy/kubernetes");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static Map<String, Object> kustomization;
  private static final List<HasMetadata> objects = new ArrayList<>();

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    kustomization = YAML.unmarshal(Files.readString(DIR.resolve("kustomization.yaml")), Map.class);
    for (String file : (List<String>) kustomization.get("resources")) {
      Object parsed = YAML.unmarshal(Files.readString(DIR.resolve(file)));
      assertThat(parsed).as(file).isInstanceOf(HasMetadata.class);
      objects.add((HasMetadata) parsed);
    }
  }

  private static <T extends HasMetadata> T object(Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(
            () -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in " + DIR));
  }

  private static String namespace() {
    return (String) kustomization.get("namespace");
  }

  private static Deployment server() {
    return object(Deployment.class, "zero-server");
  }

  private static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  /** The server container's command line, parsed by {@code zero serve} itself. */
  private static ServeCommand serveCommand() {
    List<String> args = container(server()).getArgs();
    assertThat(args).first().isEqualTo("serve");
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    return serve;
  }

  private static int containerPort(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyManifestInTheDirectoryIsListedByTheKustomization() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .filter(n -> !n.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf((List<String>) kustomization.get("resources"));
    }
    assertThat(object(Namespace.class, namespace())).isNotNull();
    assertThat(Files.readString(DIR.resolve("Dockerfile"))).contains("ENTRYPOINT [\"zero\"]")
        .contains("COPY zero-cli/target/zero-cli.jar");
  }

  @Test
  void theServerDeploymentRunsThreeReplicasWithProbesOnTheHealthPort() {
    Deployment deployment = server();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    Container container = container(deployment);
    ServeCommand serve = serveCommand();
    assertThat(serve.healthPort).as("--health-port").isNotNull();

    Probe readiness = container.getReadinessProbe();
    Probe liveness = container.getLivenessProbe();
    assertThat(readiness.getHttpGet().getPath()).isEqualTo(Health.READINESS_PATH);
    assertThat(liveness.getHttpGet().getPath()).isEqualTo(Health.LIVENESS_PATH);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo(Health.READINESS_PATH);
    for (Probe probe : List.of(readiness, liveness, container.getStartupProbe())) {
      assertThat(containerPort(container, probe.getHttpGet().getPort())).isEqualTo(serve.healthPort);
    }
    assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(serve.port, serve.healthPort);
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void theShutdownBudgetCoversTheDrainDelayAndTheGracePeriod() {
    PodSpec pod = server().getSpec().getTemplate().getSpec();
    Container container = container(server());
    ServeCommand serve = serveCommand();
    Duration drain = serve.drainDelayMillis != null ? Duration.ofMillis(serve.drainDelayMillis)
        : serve.healthPort != null ? Health.DEFAULT_DRAIN_DELAY_WITH_HEALTH_PORT : Duration.ZERO;
    Duration grace = serve.gracePeriodMillis != null ? Duration.ofMillis(serve.gracePeriodMillis)
        : ServerSettings.DEFAULT_SHUTDOWN_GRACE_PERIOD;
    long preStop = container.getLifecycle() == null || container.getLifecycle().getPreStop() == null
        || container.getLifecycle().getPreStop().getSleep() == null
        ? 0 : container.getLifecycle().getPreStop().getSleep().getSeconds();
    assertThat(drain).as("a drain delay, so that endpoints update before the server stops taking calls")
        .isPositive();
    // SIGTERM comes after preStop; then the drain delay and the grace period; then a margin for the JVM to exit.
    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThanOrEqualTo(preStop + drain.toSeconds() + grace.toSeconds() + 2);
    // The readiness probe sees the server not ready before the drain delay ends.
    Probe readiness = container.getReadinessProbe();
    assertThat((long) readiness.getPeriodSeconds() * readiness.getFailureThreshold()).isLessThan(drain.toSeconds());
  }

  @Test
  void theHeadlessServiceSelectsTheServerPodsOnTheServersPort() {
    Service service = object(Service.class, "zero-server");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isFalse();
    assertThat(service.getSpec().getSelector()).isEqualTo(server().getSpec().getTemplate().getMetadata().getLabels());
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(serveCommand().port);
    assertThat(containerPort(container(server()), port.getTargetPort())).isEqualTo(serveCommand().port);
    assertThat(port.getAppProtocol()).as("meshes must not sniff the protocol").isEqualTo("tcp");

    PodDisruptionBudget budget = object(PodDisruptionBudget.class, "zero-server");
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isBetween(1, server().getSpec().getReplicas() - 1);
  }

  @Test
  void theClientTargetsTheServiceThroughDnsWithTheServersProtocol() {
    Container client = container(object(Deployment.class, "zero-client"));
    String script = String.join(" ", client.getArgs());
    int start = script.indexOf("zero load ");
    assertThat(start).as(script).isNotNegative();
    String[] words = script.substring(start + "zero load ".length()).split(";")[0].trim().split("\\s+");
    LoadCommand load = new LoadCommand();
    new CommandLine(load).parseArgs(words);
    ServeCommand serve = serveCommand();
    assertThat(load.target).as(Arrays.toString(words)).isEqualTo(LoadCommand.DNS_SCHEME + "zero-server." + namespace()
        + ".svc.cluster.local:" + serve.port);
    assertThat(load.protocol).isEqualTo(serve.protocol).isEqualTo(Protocol.TCP);
    assertThat(load.inFlight).isEqualTo(64);
    assertThat(client.getResources().getRequests()).containsKeys("cpu", "memory");
  }
}
