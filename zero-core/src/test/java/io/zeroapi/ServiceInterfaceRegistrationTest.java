package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link ZeroServer#registerService(Object)} with {@link Rpc} annotations on the interfaces the
 * service implements: one annotated interface is the contract of server and proxies. No network.
 */
class ServiceInterfaceRegistrationTest {
  private final ZeroServer server = ZeroServer.builder().port(0).build();

  public interface GreeterApi {
    @Rpc("greet_person")
    String greet(String name);

    @Rpc(value = "count_letters", timeoutMillis = 2000) // the timeout is the client's business
    int count(String text);

    @Rpc
    CompletableFuture<String> later();

    @Rpc("greet_twice")
    default String twice(String name) {
      return greet(name) + greet(name);
    }

    /** Not annotated: not a function. */
    String local();
  }

  public static class Greeter implements GreeterApi {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }

    @Override
    public int count(String text) {
      return text.length();
    }

    @Override
    public CompletableFuture<String> later() {
      return CompletableFuture.completedFuture("later");
    }

    @Override
    public String local() {
      return "local";
    }

    @Rpc("extra")
    public String extra() {
      return "extra";
    }
  }

  /** Inherits GreeterApi through its superclass. */
  public static final class LoudGreeter extends Greeter {
    @Override
    public String greet(String name) {
      return "HELLO " + name;
    }
  }

  @Test
  void registersTheAnnotatedMethodsOfTheInterfaceUnderTheInterfacesNames() {
    server.registerService(new Greeter());
    assertThat(server.functions()).containsExactly("count_letters", "extra", "greet_person", "greet_twice", "later");
  }

  @Test
  void findsTheInterfaceThroughASuperclass() {
    server.registerService(new LoudGreeter());
    assertThat(server.functions()).containsExactly("count_letters", "extra", "greet_person", "greet_twice", "later");
  }

  @Test
  void acceptsAClassThatIsNotPublic() {
    server.registerService(new GreeterApi() {
      @Override
      public String greet(String name) {
        return name;
      }

      @Override
      public int count(String text) {
        return 0;
      }

      @Override
      public CompletableFuture<String> later() {
        return CompletableFuture.completedFuture("");
      }

      @Override
      public String local() {
        return "";
      }
    });
    assertThat(server.functions()).containsExactly("count_letters", "greet_person", "greet_twice", "later");
  }

  public interface Echo {
    @Rpc("echo")
    String echo(String text);
  }

  public interface OtherEcho {
    @Rpc("shout")
    String echo(String text);
  }

  public static final class AgreesWithTheInterface implements Echo {
    @Rpc("echo")
    @Override
    public String echo(String text) {
      return text;
    }
  }

  public static final class DisagreesWithTheInterface implements Echo {
    @Rpc("repeat")
    @Override
    public String echo(String text) {
      return text;
    }

    @Rpc
    public String fine() {
      return "fine";
    }
  }

  public static final class TwoInterfacesDisagree implements Echo, OtherEcho {
    @Override
    public String echo(String text) {
      return text;
    }
  }

  @Test
  void acceptsTheSameNameOnClassAndInterface() {
    server.registerService(new AgreesWithTheInterface());
    assertThat(server.functions()).containsExactly("echo");
  }

  @Test
  void refusesDifferentNamesOnClassAndInterfaceAndRegistersNothing() {
    assertThatThrownBy(() -> server.registerService(new DisagreesWithTheInterface()))
        .isInstanceOf(RegistrationException.class)
        .hasMessage("Cannot register method DisagreesWithTheInterface.echo: its @Rpc names conflict,"
            + " `repeat` on io.zeroapi.ServiceInterfaceRegistrationTest$DisagreesWithTheInterface.echo"
            + " and `echo` on io.zeroapi.ServiceInterfaceRegistrationTest$Echo.echo");
    assertThat(server.functions()).isEmpty();
  }

  @Test
  void refusesDifferentNamesOnTwoInterfaces() {
    assertThatThrownBy(() -> server.registerService(new TwoInterfacesDisagree()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("its @Rpc names conflict")
        .hasMessageContaining("`echo` on io.zeroapi.ServiceInterfaceRegistrationTest$Echo.echo")
        .hasMessageContaining("`shout` on io.zeroapi.ServiceInterfaceRegistrationTest$OtherEcho.echo");
    assertThat(server.functions()).isEmpty();
  }

  public interface BadApi {
    @Rpc
    String good(String s);

    @Rpc
    int add(int a, int b);
  }

  public static final class BadService implements BadApi {
    @Override
    public String good(String s) {
      return s;
    }

    @Override
    public int add(int a, int b) {
      return a + b;
    }
  }

  @Test
  void interfaceMethodsFollowTheRulesAllOrNothing() {
    assertThatThrownBy(() -> server.registerService(new BadService()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`add`")
        .hasMessageContaining("2 parameters");
    assertThat(server.functions()).isEmpty();
  }

  public interface Unannotated {
    String plain(String s);
  }

  public static final class UnannotatedService implements Unannotated {
    @Override
    public String plain(String s) {
      return s;
    }
  }

  @Test
  void anInterfaceWithoutAnnotationsGivesNoFunction() {
    assertThatThrownBy(() -> server.registerService(new UnannotatedService()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("no public method annotated with @Rpc, nor implements an interface method annotated with @Rpc");
  }

  public interface TwoForms {
    @Rpc("place")
    int place(String order);

    @Rpc("place")
    CompletableFuture<Integer> placeAsync(String order);

    @Rpc("mismatch")
    String mismatch(String order);

    @Rpc("mismatch")
    CompletableFuture<Integer> mismatchAsync(String order);
  }

  public static class TwoFormsService implements TwoForms {
    @Override
    public int place(String order) {
      return order.length();
    }

    @Override
    public CompletableFuture<Integer> placeAsync(String order) {
      return CompletableFuture.completedFuture(place(order));
    }

    @Override
    public String mismatch(String order) {
      return order;
    }

    @Override
    public CompletableFuture<Integer> mismatchAsync(String order) {
      return CompletableFuture.completedFuture(0);
    }
  }

  @Test
  void theBlockingAndAsyncFormsOfOneFunctionRegisterItOnceButOtherTypesClash() {
    assertThatThrownBy(() -> server.registerService(new TwoFormsService()))
        .isInstanceOf(RegistrationException.class)
        .hasMessage("Cannot register `mismatch`: a function with that name is already registered");
    assertThat(server.functions()).isEmpty();

    server.registerService(new Object() {
      @Rpc("place")
      public int place(String order) {
        return order.length();
      }

      @Rpc("place")
      public CompletableFuture<Integer> placeAsync(String order) {
        return CompletableFuture.completedFuture(order.length());
      }
    });
    assertThat(server.functions()).containsExactly("place");
  }
}
