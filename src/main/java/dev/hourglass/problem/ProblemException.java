package dev.hourglass.problem;

/** Thrown where a request cannot be served; carries the problem the client gets. No stack trace: it is not a fault. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final String retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.title(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
