package io.zeroapi.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.zeroapi.TlsException;
import io.zeroapi.internal.ThrottledWarning;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the TCP transport: recognising a TLS peer of a plaintext side and the reverse, the
 * server's handlers around Netty's {@code SslHandler}, and what a failed handshake means, in words,
 * for the client's {@link TlsException} and the server's log.
 */
final class Tls {
  private static final Logger log = LoggerFactory.getLogger(Tls.class);

  /** What a TLS server sends a plaintext client before closing: a fatal {@code unexpected_message} alert (TLS 1.2 record). */
  private static final byte[] UNEXPECTED_MESSAGE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0A};

  private Tls() {}

  /**
   * Whether the bytes start like a TLS record of this content type (0x16 handshake, 0x15 alert):
   * the type, then version 3.0 to 3.4. Needs 3 readable bytes. As a Zero frame's length these bytes
   * are over 350 MB: the callers ask only about lengths over their limit.
   */
  static boolean isTlsRecord(ByteBuf in, int contentType) {
    int i = in.readerIndex();
    return in.readableBytes() >= 3 && in.getUnsignedByte(i) == contentType && in.getUnsignedByte(i + 1) == 3
        && in.getUnsignedByte(i + 2) <= 4;
  }

  static final int HANDSHAKE = 0x16;
  static final int ALERT = 0x15;

  /** The message a plaintext client gives when its TLS server sent an alert instead of a reply. */
  static String serverSpeaksTls(String address) {
    return "The server at " + address + " requires TLS; this client has TLS off: give it a TlsConfig "
        + "(ZeroClient.Builder.tls(TlsConfig.client()...); --tls or --tls-ca on the command line)";
  }

  /** The server's report of TLS clients on a plaintext port, throttled. */
  static ThrottledWarning tlsPeersOfPlaintextServer() {
    return new ThrottledWarning(log, "Peer {} speaks TLS; this server has TLS off: give the server a TlsConfig "
        + "(--tls-cert/--tls-key), or turn TLS off on the client (connection closed; {} such connection(s) since "
        + "the last line)");
  }

  /**
   * The first handler of a TLS server connection: lets a TLS handshake through (and leaves the
   * pipeline), and answers anything else with an {@code unexpected_message} alert, which our
   * plaintext client recognises, then closes the connection.
   */
  static final class PlaintextGuard extends ByteToMessageDecoder {
    private final ThrottledWarning plaintextPeers;

    PlaintextGuard(ThrottledWarning plaintextPeers) {
      this.plaintextPeers = plaintextPeers;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (in.readableBytes() < 3) {
        return;
      }
      if (isTlsRecord(in, HANDSHAKE)) {
        ctx.pipeline().remove(this); // hands the bytes read so far to the SslHandler
        return;
      }
      in.skipBytes(in.readableBytes());
      plaintextPeers.report(ServerConnectionHandler.peer(ctx.channel()));
      ServerHandshake handshake = ctx.pipeline().get(ServerHandshake.class);
      if (handshake != null) {
        handshake.failed = true; // reported here: the handshake's failure as the channel closes is not news
      }
      ctx.writeAndFlush(Unpooled.wrappedBuffer(UNEXPECTED_MESSAGE_ALERT)).addListener(ChannelFutureListener.CLOSE);
    }

    static ThrottledWarning warning() {
      return new ThrottledWarning(log, "Peer {} does not speak TLS (its first bytes are not a TLS handshake); this "
          + "server requires TLS: give the client a TlsConfig (--tls or --tls-ca on the command line) (connection "
          + "closed; {} such connection(s) since the last line)");
    }
  }

  /**
   * The handler after a server connection's {@code SslHandler}: reports a failed handshake in one
   * throttled WARN line, keeps the handshake's exception out of the connection's log, and leaves the
   * pipeline once the handshake succeeded.
   */
  static final class ServerHandshake extends ChannelInboundHandlerAdapter {
    private final ThrottledWarning failures;
    private boolean failed;

    ServerHandshake(ThrottledWarning failures) {
      this.failures = failures;
    }

    static ThrottledWarning warning() {
      return new ThrottledWarning(log, "TLS handshake failed with {}; connection closed ({} such handshake(s) "
          + "since the last line)");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          ctx.pipeline().remove(this);
        } else if (!failed) {
          failed = true;
          failures.report(ServerConnectionHandler.peer(ctx.channel()) + ": " + serverReason(done.cause()));
          ctx.close();
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (failed || find(cause, SSLException.class) != null) {
        log.debug("TLS connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
        return;
      }
      ctx.fireExceptionCaught(cause);
    }
  }

  /** Why a server's handshake failed, in words, with the engine's message. */
  static String serverReason(Throwable cause) {
    String detail = detail(cause);
    String alert = alert(cause);
    if (alert != null) {
      return "the client refused this server's certificate (" + detail + "): clients must trust the CA that "
          + "signed it, and it must be valid and name the host they connect to";
    }
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("empty client certificate") || lower.contains("peer did not return a certificate") || lower.contains("peer_did_not_return_a_certificate")
        || lower.contains("certificate_required")) {
      return "the client sent no certificate, and this server requires one (mutual TLS) (" + detail + ")";
    }
    if (find(cause, CertificateExpiredException.class) != null) {
      return "the client's certificate has expired (" + detail + ")";
    }
    if (untrusted(cause, lower)) {
      return "the client's certificate is not signed by a CA this server trusts (" + detail + ")";
    }
    if (find(cause, SslHandshakeTimeoutException.class) != null) {
      return "the handshake did not complete in time (" + detail + ")";
    }
    return detail;
  }

  /**
   * The exception of the calls on a client whose handshake with {@code address} failed.
   *
   * @param serverName the name the server's certificate was checked against
   */
  static TlsException clientFailure(String address, String serverName, Throwable cause) {
    String detail = detail(cause);
    String lower = detail.toLowerCase(Locale.ROOT);
    String alert = alert(cause);
    String what;
    if (find(cause, CertificateExpiredException.class) != null) {
      what = "the server's certificate has expired (" + detail + "): the server needs a valid certificate";
    } else if (find(cause, CertificateNotYetValidException.class) != null) {
      what = "the server's certificate is not valid yet (" + detail + "): check the clocks and the certificate";
    } else if (lower.contains("no subject alternative") || lower.contains("no name matching")
        || lower.contains("hostname") && lower.contains("verif")) {
      what = "the server's certificate does not name " + serverName + " (" + detail + "): connect by a name it "
          + "has, set TlsConfig.serverName(...), or turn hostnameVerification off (tests only)";
    } else if (untrusted(cause, lower)) {
      what = "the server's certificate is not signed by a trusted CA (" + detail + "): give the CA that signed it "
          + "with TlsConfig.trustedCertificates(...) (--tls-ca on the command line)";
    } else if (alert != null) {
      what = "the server refused this client (" + detail + "): if it requires a client certificate (mutual TLS), "
          + "give one signed by a CA it trusts with TlsConfig.certificate(...) (--tls-cert/--tls-key on the "
          + "command line)";
    } else if (find(cause, SslHandshakeTimeoutException.class) != null) {
      what = "the handshake did not complete in time (" + detail + ")";
    } else if (find(cause, ClosedChannelException.class) != null || lower.contains("connection closed")
        || lower.contains("closed while")) {
      what = "the server closed the connection during the handshake: it may have TLS off (a plaintext server "
          + "closes TLS clients), or refuse this client";
    } else {
      what = detail;
    }
    return new TlsException("TLS handshake with " + address + " failed: " + what, cause);
  }

  /** Whether a failure is a TLS one (the engine's, wrapped or not). */
  static boolean isTlsFailure(Throwable cause) {
    return find(cause, SSLException.class) != null;
  }

  private static boolean untrusted(Throwable cause, String lower) {
    return find(cause, CertPathBuilderException.class) != null || lower.contains("pkix path building failed")
        || lower.contains("unable to find valid certification path") || lower.contains("unknown_ca")
        || lower.contains("certificate_verify_failed");
  }

  /** The alert the peer sent, e.g. {@code bad_certificate}, or null. */
  private static String alert(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("received fatal alert: ");
        if (at >= 0) {
          return lower.substring(at + "received fatal alert: ".length()).strip();
        }
        at = lower.indexOf("sslv3_alert_");
        if (at >= 0) {
          return lower.substring(at + "sslv3_alert_".length()).strip();
        }
        at = lower.indexOf("tlsv1_alert_");
        if (at >= 0) {
          return lower.substring(at + "tlsv1_alert_".length()).strip();
        }
      }
    }
    return null;
  }

  /** The most telling message of the cause chain: the deepest one that has a message. */
  private static String detail(Throwable cause) {
    String best = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        best = message;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return best != null ? best : cause == null ? "unknown error" : cause.getClass().getSimpleName();
  }

  private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
