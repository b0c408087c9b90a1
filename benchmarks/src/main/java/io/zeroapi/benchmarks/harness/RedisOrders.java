package io.zeroapi.benchmarks.harness;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.zeroapi.ZeroServer;
import io.zeroapi.codec.MsgpackCodec;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The original's "redis save" endpoint for the Zero servers: build an order, {@code SET} its
 * MessagePack bytes in Redis under its id, reply a summary. One shared Lettuce async connection,
 * set up the way a Lettuce user tuning for throughput would:
 *
 * <ul>
 *   <li>A {@link FlushConsolidationHandler} on Lettuce's channel: every command written from a
 *       worker thread is otherwise flushed (one {@code sendto}) on its own; consolidated, the
 *       commands queued while Lettuce's event loop runs go out together (measured +15 % at 1×64).
 *   <li>No per-command Lettuce timeout (on by default since Lettuce 6.5: a timer task per
 *       command, cancelled from another thread). The Zero client's own deadline bounds each call;
 *       the original's {@code redis.asyncio} has no per-command timeout either.
 *   <li>Order ids are random (version 4) UUIDs drawn from {@link ThreadLocalRandom}: {@code
 *       UUID.randomUUID()} takes {@code SecureRandom}'s lock and was 11 % of the server's CPU
 *       samples. The ids are unique, not secret.
 * </ul>
 */
final class RedisOrders {
  /** The original's order (a msgspec Struct); encoded as a MessagePack map in this order. */
  public record Order(String id, String created_by, List<String> items, String created_at, String updated_at, int status) {}

  /** The order endpoint's argument. */
  public record CreateOrder(String user_id, List<String> items) {}

  /** The endpoint's reply, the original's {@code {"order_id", "status", "items"}} map. */
  public record OrderSaved(String order_id, int status, List<String> items) {}

  private final RedisAsyncCommands<byte[], byte[]> redis;
  private final MsgpackCodec codec = MsgpackCodec.create();
  private final Runnable onCall;

  private RedisOrders(RedisAsyncCommands<byte[], byte[]> redis, Runnable onCall) {
    this.redis = redis;
    this.onCall = onCall;
  }

  /** Connects to the Redis on {@code 127.0.0.1:port} and registers {@code save_order} on {@code server}. */
  static void register(ZeroServer server, int port, Runnable onCall) {
    ClientResources resources = ClientResources.builder()
        .nettyCustomizer(new NettyCustomizer() {
          @Override
          public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst(new FlushConsolidationHandler(256, true));
          }
        })
        .build();
    RedisClient client = RedisClient.create(resources, RedisURI.create("127.0.0.1", port));
    client.setOptions(ClientOptions.builder()
        .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
        .build());
    RedisOrders orders = new RedisOrders(client.connect(ByteArrayCodec.INSTANCE).async(), onCall);
    server.registerAsync("save_order", CreateOrder.class, orders::save);
  }

  private CompletionStage<OrderSaved> save(CreateOrder request) {
    onCall.run();
    String id = randomUuid().toString();
    String now = LocalDateTime.now().toString();
    Order order = new Order(id, request.user_id(), request.items(), now, now, 0);
    byte[] bytes = codec.encode(order);
    return redis.set(id.getBytes(StandardCharsets.US_ASCII), bytes)
        .thenApply(ok -> new OrderSaved(id, order.status(), order.items()));
  }

  /** A version 4 (random) UUID, as Python's {@code uuid.uuid4()}. */
  static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
    return new UUID(high, low);
  }
}
