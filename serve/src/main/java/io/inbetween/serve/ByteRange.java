package io.inbetween.serve;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from an HTTP Range header (RFC 9110 section 14): "bytes=a-b",
 * "bytes=a-" or the suffix form "bytes=-n". Several ranges in one header are answered with the
 * whole file, which the RFC allows, since players and download tools ask for one.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() { return last - first + 1; }

    /** "bytes first-last/size" for the Content-Range header. */
    String contentRange(long size) { return "bytes " + first + "-" + last + "/" + size; }

    /**
     * The range asked for, clipped to the file; null for no header or one we answer in full.
     *
     * @throws ApiException 416 when the range lies wholly past the end of the file
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) return null;
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches()) return null; // multiple ranges or another unit: send the whole file
        String a = m.group(1), b = m.group(2);
        if (a.isEmpty() && b.isEmpty()) return null;
        try {
            if (a.isEmpty()) { // the last n bytes
                long n = Long.parseLong(b);
                if (n == 0 || size == 0) throw unsatisfiable(size);
                return new ByteRange(Math.max(0, size - n), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (!b.isEmpty() && Long.parseLong(b) < first) return null; // invalid: ignore the header
            if (first >= size) throw unsatisfiable(size);
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null; // beyond a long: ignore the header
        }
    }

    private static ApiException unsatisfiable(long size) {
        return new ApiException(416, "the range asked for lies outside the file of " + size + " bytes");
    }
}
