package dev.hourglass.signaling;

/** A message that cannot be served; becomes an error frame. Not a fault, so no stack trace. */
final class SignalingException extends RuntimeException {

    final ErrorCode code;

    SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
