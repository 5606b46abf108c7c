package dev.ses.smtp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for tests, on 127.0.0.1 over UDP and TCP on one port the system picks. It
 * answers from records set in code, follows CNAMEs inside its data (unless told not to), answers NXDOMAIN or no
 * data with the zone's SOA, can fail a name (SERVFAIL) or never answer it, truncates UDP answers larger than the
 * client's buffer (TC bit) and counts the questions it gets per transport and per name.
 */
final class TestDnsServer implements AutoCloseable {
    /** Negative answers carry this SOA: TTL 3600, minimum (negative TTL) 300. */
    static final long SOA_MINIMUM = 300;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final Map<String, AtomicInteger> perQuestion = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final SOARecord soa;
    private volatile boolean followCnames = true;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        Name origin = name("test");
        this.soa = new SOARecord(origin, DClass.IN, 3600, name("ns.test"), name("hostmaster.test"), 1, 3600, 600,
                86400, SOA_MINIMUM);
    }

    /** Starts a server on a free port of 127.0.0.1. */
    static TestDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                TestDnsServer server = new TestDnsServer(udp, tcp);
                server.spawn("test-dns-udp", server::serveUdp);
                server.spawn("test-dns-tcp", server::acceptTcp);
                return server;
            } catch (BindException e) {
                // The UDP port the system picked is taken for TCP: pick again.
                udp.close();
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    InetAddress address() {
        return udp.getLocalAddress();
    }

    int port() {
        return udp.getLocalPort();
    }

    TestDnsServer add(Record record) {
        zone.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    TestDnsServer txt(String owner, long ttl, String... strings) {
        return add(new TXTRecord(name(owner), DClass.IN, ttl, List.of(strings)));
    }

    TestDnsServer mx(String owner, long ttl, int priority, String host) {
        return add(new MXRecord(name(owner), DClass.IN, ttl, priority, name(host)));
    }

    TestDnsServer cname(String owner, long ttl, String target) {
        return add(new CNAMERecord(name(owner), DClass.IN, ttl, name(target)));
    }

    TestDnsServer a(String owner, long ttl, String address) {
        try {
            return add(new ARecord(name(owner), DClass.IN, ttl, InetAddress.getByName(address)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every record at a name. */
    TestDnsServer remove(String owner) {
        zone.remove(name(owner));
        return this;
    }

    /** Answers every question about a name with SERVFAIL. */
    TestDnsServer servfail(String owner) {
        servfail.add(name(owner));
        return this;
    }

    /** Never answers questions about a name. */
    TestDnsServer silent(String owner) {
        silent.add(name(owner));
        return this;
    }

    /** Whether answers include the records a CNAME points at (like a resolver), or only the CNAME. */
    TestDnsServer followCnames(boolean follow) {
        this.followCnames = follow;
        return this;
    }

    /** Stops taking TCP connections, so that a client sent there by a truncated UDP answer is refused. */
    TestDnsServer stopTcp() throws IOException {
        tcp.close();
        return this;
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    /** How many questions of one type about one name arrived, over both transports. */
    int queries(String owner, int type) {
        AtomicInteger n = perQuestion.get(key(name(owner), type));
        return n == null ? 0 : n.get();
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase(java.util.Locale.ROOT) + "/" + Type.string(type);
    }

    private void spawn(String threadName, Runnable loop) {
        Thread t = new Thread(loop, threadName);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                udpQueries.incrementAndGet();
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] wire = response.toWire();
                if (wire.length > limit) {
                    wire = truncated(query).toWire();
                }
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // A malformed question: ignore it, as servers do.
            }
        }
    }

    private void acceptTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                spawn("test-dns-tcp-connection", () -> serveTcp(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                int length = in.readUnsignedShort();
                byte[] bytes = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                Message response = answer(new Message(bytes));
                if (response == null) {
                    continue;
                }
                byte[] wire = response.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // the client closed the connection, or the server is closing
        } catch (IOException e) {
            // a malformed question ends the connection
        } finally {
            connections.remove(socket);
        }
    }

    private Message truncated(Message query) {
        Message r = header(query);
        r.getHeader().setFlag(Flags.TC);
        return r;
    }

    private static Message header(Message query) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(query.getQuestion(), Section.QUESTION);
        return r;
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        Name qname = question.getName();
        int type = question.getType();
        perQuestion.computeIfAbsent(key(qname, type), k -> new AtomicInteger()).incrementAndGet();
        if (silent.contains(qname)) {
            return null;
        }
        Message r = header(query);
        if (servfail.contains(qname)) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
            return r;
        }
        Name current = qname;
        for (int hop = 0; hop < 8; hop++) {
            List<Record> at = zone.get(current);
            if (at == null) {
                if (current.equals(qname)) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                    r.addRecord(soa, Section.AUTHORITY);
                }
                return r;
            }
            List<Record> matching = new ArrayList<>();
            Record cname = null;
            for (Record rec : at) {
                if (rec.getType() == type) {
                    matching.add(rec);
                } else if (rec.getType() == Type.CNAME) {
                    cname = rec;
                }
            }
            if (!matching.isEmpty()) {
                matching.forEach(m -> r.addRecord(m, Section.ANSWER));
                return r;
            }
            if (cname == null) {
                r.addRecord(soa, Section.AUTHORITY);
                return r;
            }
            r.addRecord(cname, Section.ANSWER);
            if (!followCnames) {
                return r;
            }
            current = ((CNAMERecord) cname).getTarget();
        }
        return r;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        udp.close();
        tcp.close();
        for (Socket s : connections) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
