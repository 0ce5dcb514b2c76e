package io.github.sparklstm.distributed.rounds;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpoint;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.util.RpcUtils;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The driver's end of rounds exchanged without a Spark job each: the long-lived tasks of a barrier job ask it for
 * the next round and hand it their summed contributions; the driver publishes each round here and takes the total
 * back. It is an endpoint of Spark's own RPC environment (the one the barrier coordinator and the block manager
 * use), so it reaches executors wherever the driver is reachable and is authenticated and encrypted as Spark is
 * configured. That API is Spark's internal one (private[spark] in Scala, public in bytecode); everything that
 * touches it is in this class.
 *
 * <p>A task's request carries its ticket (segment, stage attempt, task), the sequence number of the round it last
 * computed and that round's partial sum. Requests from a finished segment or an older stage attempt are told to
 * stop; the first request of a newer attempt (Spark re-ran the barrier stage after a failure) drops the partial
 * sums of the round in progress, which the new attempt computes again from the same plan, so the result has the
 * same bits. A request is answered at once when a newer round (or the end) is published, else held, and answered
 * "wait" after at most {@link #HOLD_MILLIS}, so that a task Spark has killed notices within that time.
 */
final class RoundEndpoint implements RpcEndpoint {

    static final long HOLD_MILLIS = 500;

    /** Who asks: a task of the barrier job of {@code segment}, in {@code stageAttempt} of its stage. */
    record Ticket(int segment, int stageAttempt, int task) {
    }

    /**
     * The task's last round ({@code done} = its sequence number, -1 before the first) and its partial sum: an
     * {@link OrderedSum} in local mode, where Spark hands messages over without serialising them, else its bytes
     * ({@link #bytes}).
     */
    record Request(Ticket ticket, long done, Object result) {
    }

    enum Kind { ROUND, WAIT, END }

    /**
     * ROUND: compute {@code plan}, sequence number {@code sequence}; WAIT: ask again; END: the task is done. The plan
     * is a {@link Round} in local mode, else a broadcast of it, as in a round of its own job: executors fetch
     * it from each other rather than each from the driver, and the reply stays a few bytes.
     */
    record Reply(Kind kind, long sequence, Object plan) {
        static final Reply WAIT = new Reply(Kind.WAIT, -1, null);
        static final Reply END = new Reply(Kind.END, -1, null);

        @SuppressWarnings("unchecked")
        Round round() {
            return plan instanceof Round local ? local : ((Broadcast<Round>) plan).value();
        }
    }

    /*
     * On the wire. Spark's RPC deserialises messages with its own class loader, which on a cluster does not see the
     * application's jar (a message of ours fails there with ClassNotFoundException): messages are arrays of JDK and
     * Spark types, and a partial sum crosses as bytes that the driver reads with this class's loader.
     */
    private static Object[] wire(Request r) {
        return new Object[] {r.ticket().segment(), r.ticket().stageAttempt(), r.ticket().task(), r.done(),
            r.result()};
    }

    private static Request request(Object[] w) {
        return new Request(new Ticket((Integer) w[0], (Integer) w[1], (Integer) w[2]), (Long) w[3], w[4]);
    }

    private static Object[] wire(Reply r) {
        return new Object[] {r.kind().ordinal(), r.sequence(), r.plan()};
    }

    private static Reply reply(Object[] w) {
        return new Reply(Kind.values()[(Integer) w[0]], (Long) w[1], w[2]);
    }

    /** A partial sum as it crosses from an executor. */
    static byte[] bytes(OrderedSum sum) {
        var out = new java.io.ByteArrayOutputStream();
        try (var objects = new java.io.ObjectOutputStream(out)) {
            objects.writeObject(sum);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static OrderedSum sumOf(Object result) {
        if (!(result instanceof byte[] bytes)) {
            return (OrderedSum) result;
        }
        ClassLoader loader = RoundEndpoint.class.getClassLoader();
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass description) throws java.io.IOException,
                    ClassNotFoundException {
                return Class.forName(description.getName(), false, loader);
            }
        }) {
            return (OrderedSum) in.readObject();
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a round's partial sum could not be read", e);
        }
    }

    private record Held(Answer context, long since) {
    }

    private final RpcEnv env;
    private final String name;
    private final int partitions;
    private final RpcEndpointRef self;
    private final ScheduledExecutorService clock;
    private final List<Held> held = new ArrayList<>();
    private int segment = -1;
    private int attempt = -1;
    private boolean ended = true;
    private long sequence;
    private Object plan;
    private OrderedSum sum;
    private OrderedSum.Node total;

    private RoundEndpoint(RpcEnv env, int partitions) {
        this.env = env;
        this.name = "spark-lstm-rounds-" + UUID.randomUUID();
        this.partitions = partitions;
        this.self = env.setupEndpoint(name, this);
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        clock.scheduleWithFixedDelay(this::answerLongHeld, HOLD_MILLIS / 2, HOLD_MILLIS / 2, TimeUnit.MILLISECONDS);
    }

    /** Registers an endpoint for rounds over {@code partitions} partitions with the driver's RPC environment. */
    static RoundEndpoint register(int partitions) {
        return new RoundEndpoint(SparkEnv.get().rpcEnv(), partitions);
    }

    /** The name tasks find it by. */
    String name() {
        return name;
    }

    @Override
    public RpcEnv rpcEnv() {
        return env;
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof Object[] fields && fields.length == 5;
            }

            @Override
            public BoxedUnit apply(Object message) {
                answer(request((Object[]) message), new Answer(context));
                return BoxedUnit.UNIT;
            }
        };
    }

    /* Replies in wire form. */
    private record Answer(RpcCallContext context) {
        void reply(Reply r) {
            context.reply(wire(r));
        }
    }

    private synchronized void answer(Request request, Answer context) {
        Ticket ticket = request.ticket();
        if (ticket.segment() != segment || ticket.stageAttempt() < attempt) {
            context.reply(Reply.END);
            return;
        }
        if (ticket.stageAttempt() > attempt) {
            attempt = ticket.stageAttempt();
            if (total == null) {
                sum = new OrderedSum(partitions);
            }
        }
        if (request.result() != null && request.done() == sequence && total == null) {
            sum.merge(sumOf(request.result()));
            if (sum.complete()) {
                total = sum.total();
                notifyAll();
            }
        }
        if (ended) {
            context.reply(Reply.END);
        } else if (plan != null && sequence > request.done()) {
            context.reply(new Reply(Kind.ROUND, sequence, plan));
        } else {
            held.add(new Held(context, System.nanoTime()));
        }
    }

    /** Opens segment {@code s}: the tasks of its barrier job will ask with it. */
    synchronized void startSegment(int s) {
        segment = s;
        attempt = -1;
        ended = false;
        plan = null;
    }

    /** Publishes the next round (a {@link Round}, or a broadcast of one on a cluster); returns its number. */
    synchronized long publish(Object next) {
        sequence++;
        plan = next;
        sum = new OrderedSum(partitions);
        total = null;
        for (Held h : held) {
            h.context().reply(new Reply(Kind.ROUND, sequence, plan));
        }
        held.clear();
        return sequence;
    }

    /** Ends the segment: every task asking from now on is told to stop. */
    synchronized void endSegment() {
        ended = true;
        plan = null;
        for (Held h : held) {
            h.context().reply(Reply.END);
        }
        held.clear();
    }

    /** The total of round {@code s} once every partition has contributed, or null after {@code millis}. */
    synchronized OrderedSum.Node awaitTotal(long s, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (s == sequence && total == null) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return s == sequence ? total : null;
    }

    private synchronized void answerLongHeld() {
        long now = System.nanoTime();
        held.removeIf(h -> {
            boolean old = now - h.since() >= HOLD_MILLIS * 1_000_000;
            if (old) {
                h.context().reply(Reply.WAIT);
            }
            return old;
        });
    }

    /** Tells every waiting task to stop and leaves the RPC environment. */
    void close() {
        endSegment();
        clock.shutdownNow();
        env.stop(self);
    }

    /** A task's side: a reference to the driver's endpoint called {@code name} (one lookup; keep it). */
    static RpcEndpointRef driverEndpoint(String name) {
        SparkEnv spark = SparkEnv.get();
        return RpcUtils.makeDriverRef(name, spark.conf(), spark.rpcEnv());
    }

    /** A task's side: asks the driver's endpoint; the answer comes within about {@link #HOLD_MILLIS}. */
    static Reply ask(RpcEndpointRef driver, Request request) {
        return reply(driver.askSync(wire(request), RpcUtils.askRpcTimeout(SparkEnv.get().conf()),
                scala.reflect.ClassTag$.MODULE$.apply(Object[].class)));
    }
}
