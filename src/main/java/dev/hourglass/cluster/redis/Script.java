package dev.hourglass.cluster.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A Lua script run by its SHA-1, which is computed here rather than asked of the server; a server that does not know
 * it (restarted, flushed) gets the source once and answers the same.
 */
final class Script {

    private final String source;
    private final String sha;

    Script(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /**
     * Runs the script with these keys and arguments (strings, numbers or buffers). If the server does not know it,
     * sends it again with the source (EVAL).
     */
    Future<Response> run(Function<Request, Future<Response>> sender, List<String> keys, List<?> args) {
        return sender.apply(request(Command.EVALSHA, sha, keys, args)).recover(failure -> {
            if (failure.getMessage() == null || !failure.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(failure);
            }
            return sender.apply(request(Command.EVAL, source, keys, args));
        });
    }

    private static Request request(Command command, String script, List<String> keys, List<?> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            if (arg instanceof Buffer buffer) {
                request.arg(buffer);
            } else if (arg instanceof Long number) {
                request.arg(number);
            } else if (arg instanceof Integer number) {
                request.arg(number.longValue());
            } else {
                request.arg(arg.toString());
            }
        }
        return request;
    }
}
