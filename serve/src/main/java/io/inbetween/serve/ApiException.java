package io.inbetween.serve;

/** A request the API refuses: the HTTP status and the one-line reason the client sees as {"error": ...}. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() { return status; }

    static ApiException notFound(String jobId) { return new ApiException(404, "no job '" + jobId + "'"); }
}
