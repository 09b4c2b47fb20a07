package io.inbetween.decoder.source;

import io.inbetween.decoder.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which live sources a job may read, and how FFmpeg is told to keep to them. A source URL names
 * a network protocol; its host must resolve to public addresses only (no loopback, link-local,
 * private or unique-local address) unless the host is on the allowlist, so that an API user
 * cannot make the server reach its own internal hosts. FFmpeg gets a protocol whitelist for the
 * scheme (nothing nested such as {@code file:} or {@code concat:} gets through), a demuxer
 * whitelist without playlists (whose entries would name further hosts), no redirects, and read
 * deadlines that work for every protocol, UDP included.
 */
public final class SourcePolicy {
    /** The schemes a live source may use, each with the FFmpeg protocols it may open beneath it. */
    private static final Map<String, String> PROTOCOLS = Map.ofEntries(
            Map.entry("udp", "udp"),
            Map.entry("rtp", "rtp,udp"),
            Map.entry("tcp", "tcp"),
            Map.entry("srt", "srt"),
            Map.entry("rtmp", "rtmp,tcp"),
            Map.entry("rtmps", "rtmps,tcp,tls"),
            Map.entry("rtsp", "rtsp,rtp,udp,tcp"),
            Map.entry("rtsps", "rtsps,rtsp,rtp,udp,tcp,tls"),
            Map.entry("http", "http,tcp"),
            Map.entry("https", "https,tcp,tls"));
    /**
     * Demuxers a network stream may be read with: streaming containers only. HLS and DASH
     * playlists, concat lists and image-sequence patterns are left out, as each would open URLs
     * of its own past these checks.
     */
    static final String DEMUXERS = "mpegts,flv,live_flv,rtsp,rtp,sdp,matroska,mov,h264,hevc,mpegvideo,mpegps,ivf,mpjpeg,avi,ogg,nut";

    /** Listening sockets (UDP, RTP) bind to any address unless told otherwise. */
    public static final SourcePolicy DEFAULT = new SourcePolicy(Set.of(), null);

    private final Set<String> allowedHosts;
    private final String bindAddress;

    /**
     * @param allowedHosts host names or address literals that may be internal (tests allow 127.0.0.1)
     * @param bindAddress  the local address for sockets that listen (UDP, RTP), or null for any
     */
    public SourcePolicy(Set<String> allowedHosts, String bindAddress) {
        TreeSet<String> hosts = new TreeSet<>();
        for (String h : allowedHosts) if (!h.isBlank()) hosts.add(bare(h.strip().toLowerCase(Locale.ROOT)));
        this.allowedHosts = Set.copyOf(hosts);
        this.bindAddress = bindAddress == null || bindAddress.isBlank() ? null : bindAddress.strip();
    }

    public static SourcePolicy allowing(String... hosts) { return new SourcePolicy(Set.of(hosts), null); }

    public SourcePolicy bindingTo(String address) { return new SourcePolicy(allowedHosts, address); }

    public Set<String> allowedHosts() { return allowedHosts; }

    /** Where listening sockets bind, or null for every address. */
    public String bindAddress() { return bindAddress; }

    /** Whether an input names a network source rather than a file (a {@code file://} URL is a file). */
    public static boolean isNetwork(String input) {
        String scheme = schemeOf(input);
        return scheme != null && !scheme.equals("file");
    }

    /** The schemes a live source may use, for messages and the API's documentation. */
    public static List<String> schemes() { return List.copyOf(new TreeSet<>(PROTOCOLS.keySet())); }

    /**
     * Checks a source URL; throws {@link InputException} with a one-line reason when it is refused.
     * The host is resolved here and every address it resolves to must pass.
     */
    public void check(String url) {
        String scheme = schemeOf(url);
        if (scheme == null || !PROTOCOLS.containsKey(scheme))
            throw new InputException("source " + url + " is refused: a live source must be a " + String.join(", ", schemes())
                    + " URL");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InputException("source " + url + " is not a valid URL: " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || host.equals("@")) {
            // udp://@:1234 listens and reaches no one; every other scheme connects somewhere
            if (scheme.equals("udp") || scheme.equals("rtp")) return;
            throw new InputException("source " + url + " names no host");
        }
        checkHost(url, host);
    }

    /** Redirects an HTTP source may take, each one checked like the URL itself. */
    static final int MAX_REDIRECTS = 5;

    /**
     * Checks a source URL and, for HTTP(S), follows its redirects here, checking every hop; returns
     * the URL for FFmpeg, which is then allowed none of its own.
     */
    public String checkAndFollow(String url, Duration timeout) {
        check(url);
        String scheme = schemeOf(url);
        if (!scheme.equals("http") && !scheme.equals("https")) return url;
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
        URI at = URI.create(url.strip());
        for (int hop = 0; ; hop++) {
            int status;
            String location;
            try {
                HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(at).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                location = response.headers().firstValue("Location").orElse(null);
                response.body().close();
            } catch (IOException | IllegalArgumentException e) {
                throw OpenFailure.unreachable(url, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OpenFailure.unreachable(url, timeout);
            }
            if (status < 300 || status >= 400 || location == null) return at.toString();
            if (hop >= MAX_REDIRECTS) throw new InputException("source " + url + " is refused: more than " + MAX_REDIRECTS + " redirects");
            URI next = at.resolve(location.strip());
            String nextScheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!nextScheme.equals("http") && !nextScheme.equals("https"))
                throw new InputException("source " + url + " is refused: it redirects to a " + nextScheme + ": URL");
            if (next.getHost() == null) throw new InputException("source " + url + " is refused: it redirects to a URL without a host");
            checkHost(url, next.getHost());
            at = next;
        }
    }

    /** Refuses a host that resolves to an internal address and is not on the allowlist (also used for each redirect). */
    void checkHost(String url, String host) {
        String bare = bare(host.toLowerCase(Locale.ROOT));
        if (allowedHosts.contains(bare)) return;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new InputException("source " + url + " is refused: its host " + host + " is not known");
        }
        for (InetAddress a : addresses) {
            if (allowedHosts.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) continue;
            if (isInternal(a))
                throw new InputException("source " + url + " is refused: " + host + " is an internal address"
                        + " (loopback, link-local or private); allow it with --allow-source-host " + host);
        }
    }

    /** Loopback, link-local, private (RFC 1918, CGNAT, unique-local), unspecified, or multicast on a unicast protocol. */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18 || second == 19));
        }
        if (a instanceof Inet6Address) return (b[0] & 0xfe) == 0xfc; // fc00::/7
        return false;
    }

    /**
     * FFmpeg's options for a source checked by {@link #check}: what it may open beneath the URL,
     * with what demuxer, and its deadlines. {@code timeout} bounds every connect and every read.
     */
    public Map<String, String> ffmpegOptions(String url, Duration timeout) {
        String scheme = schemeOf(url);
        String micros = Long.toString(timeout.toNanos() / 1000);
        Map<String, String> o = new LinkedHashMap<>();
        o.put("protocol_whitelist", PROTOCOLS.get(scheme));
        o.put("format_whitelist", DEMUXERS);
        o.put("rw_timeout", micros); // every protocol built on avio: tcp, tls, http, rtmp
        switch (scheme) {
            case "udp", "rtp" -> {
                o.put("timeout", micros); // rw_timeout does not end a UDP read; this does
                if (bindAddress != null) o.put("localaddr", bindAddress);
                o.put("overrun_nonfatal", "1");
            }
            case "rtsp", "rtsps" -> o.put("timeout", micros);
            case "srt" -> {
                o.put("timeout", micros);
                o.put("connect_timeout", Long.toString(timeout.toMillis()));
            }
            case "http", "https" -> o.put("max_redirects", "0"); // a redirect could lead anywhere; it fails instead
            case "tcp" -> o.put("timeout", micros);
            default -> { }
        }
        return o;
    }

    static String schemeOf(String input) {
        if (input == null) return null;
        int colon = input.indexOf("://");
        if (colon <= 0) {
            // "concat:a|b", "pipe:0", "data:..." name protocols too
            int c = input.indexOf(':');
            if (c <= 1) return null; // no scheme, or a Windows drive letter
            String s = input.substring(0, c);
            return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? s.toLowerCase(Locale.ROOT) : null;
        }
        String s = input.substring(0, colon);
        return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? s.toLowerCase(Locale.ROOT) : null;
    }

    /** An IPv6 literal without its brackets. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
