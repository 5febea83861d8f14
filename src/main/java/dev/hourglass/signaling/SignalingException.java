package dev.hourglass.signaling;

/** A message that cannot be served; becomes an error frame. Not a fault, so no stack trace. */
public final class SignalingException extends RuntimeException {

    public final ErrorCode code;

    public SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
