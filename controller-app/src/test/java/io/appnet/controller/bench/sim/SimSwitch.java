package io.appnet.controller.bench.sim;

import io.appnet.openflow.codec.ErrorCodes;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.message.RoleReply;
import io.appnet.openflow.message.RoleRequest;
import io.appnet.openflow.message.SetConfig;
import io.appnet.openflow.netty.OfFrameDecoder;
import io.appnet.openflow.netty.OfMessageDecoder;
import io.appnet.openflow.netty.OfMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenFlow 1.3 side of a simulated host, as {@code ovs-vswitchd} answers a controller: HELLO and features
 * (254 tables), echo, barrier (in order, after everything before it), role, flow-mods, ONF bundles (each add is
 * checked on arrival and refused at once, as OVS does; the commit applies the bundle atomically), flow and
 * aggregate stats (flow stats in parts of {@link #FLOWS_PER_PART}). Anything else is refused with
 * {@code OFPBRC_BAD_TYPE}. One instance per connection, used on the channel's I/O thread only.
 */
final class SimSwitch extends SimpleChannelInboundHandler<OfMessage> {
    static final int FLOWS_PER_PART = 100;
    /** A peer may leave at most this many bundles open; OVS bounds them per connection too. */
    static final int MAX_OPEN_BUNDLES = 64;
    /** And at most this many messages in one bundle (the controller's largest, a full resync, is ~100,000). */
    static final int MAX_BUNDLE_MESSAGES = 1_000_000;

    private final long datapathId;
    private final SimFlowTable table;
    private final Map<Long, List<FlowMod>> bundles = new HashMap<>();
    private final AtomicLong barriers;

    SimSwitch(long datapathId, SimFlowTable table) {
        this(datapathId, table, new AtomicLong());
    }

    /** {@code barriers} counts the barrier requests answered, for the benchmark's report. */
    SimSwitch(long datapathId, SimFlowTable table, AtomicLong barriers) {
        this.datapathId = datapathId;
        this.table = table;
        this.barriers = barriers;
    }

    /** The handlers of an OpenFlow channel, this switch last. */
    void install(Channel channel) {
        channel.pipeline().addLast(new OfFrameDecoder(), new OfMessageDecoder(), OfMessageEncoder.INSTANCE, this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Hello.of13(0));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OfMessage message) {
        for (OfMessage reply : answer(message)) {
            ctx.write(reply);
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("simulated host closes its OpenFlow"
                + " session: " + cause);
        ctx.close();
    }

    /** What OVS sends back for one message, in order; empty for most flow-mods. */
    List<OfMessage> answer(OfMessage message) {
        if (message instanceof Hello || message instanceof EchoReply || message instanceof SetConfig) {
            return List.of();
        } else if (message instanceof FeaturesRequest request) {
            return List.of(new FeaturesReply(request.xid(), datapathId, 0, SimFlowTable.TABLES, 0, 0x4f));
        } else if (message instanceof EchoRequest echo) {
            return List.of(new EchoReply(echo.xid(), echo.payload()));
        } else if (message instanceof BarrierRequest barrier) {
            barriers.incrementAndGet();
            return List.of(new BarrierReply(barrier.xid()));
        } else if (message instanceof RoleRequest role) {
            return List.of(new RoleReply(role.xid(), role.role(), role.generationId()));
        } else if (message instanceof FlowMod mod) {
            return table.apply(mod).map(refusal -> List.<OfMessage>of(error(mod, refusal))).orElse(List.of());
        } else if (message instanceof BundleAdd add) {
            return bundleAdd(add);
        } else if (message instanceof BundleControl control) {
            return bundleControl(control);
        } else if (message instanceof MultipartRequest request) {
            return multipart(request);
        }
        return List.of(error(message, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 1)));
    }

    private List<OfMessage> bundleAdd(BundleAdd add) {
        if (!(add.message() instanceof FlowMod mod)) {
            return List.of(error(add, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 1)));
        }
        Optional<SimFlowTable.Refusal> refused = SimFlowTable.check(mod);
        if (refused.isPresent()) {
            return List.of(error(add, refused.get()));
        }
        if (!bundles.containsKey(add.bundleId()) && bundles.size() >= MAX_OPEN_BUNDLES) {
            return List.of(error(add, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 10)));
        }
        List<FlowMod> bundle = bundles.computeIfAbsent(add.bundleId(), id -> new ArrayList<>()); // opens implicitly
        if (bundle.size() >= MAX_BUNDLE_MESSAGES) {
            return List.of(error(add, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 10)));
        }
        bundle.add(mod);
        return List.of();
    }

    private List<OfMessage> bundleControl(BundleControl control) {
        BundleControlType reply = switch (control.controlType()) {
            case OPEN_REQUEST -> {
                bundles.put(control.bundleId(), new ArrayList<>());
                yield BundleControlType.OPEN_REPLY;
            }
            case CLOSE_REQUEST -> BundleControlType.CLOSE_REPLY;
            case DISCARD_REQUEST -> {
                bundles.remove(control.bundleId());
                yield BundleControlType.DISCARD_REPLY;
            }
            case COMMIT_REQUEST -> {
                for (FlowMod mod : bundles.getOrDefault(control.bundleId(), List.of())) {
                    table.apply(mod); // every add was checked on arrival; the simulator has no later refusals
                }
                bundles.remove(control.bundleId());
                yield BundleControlType.COMMIT_REPLY;
            }
            default -> null;
        };
        if (reply == null) {
            return List.of(error(control, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 1)));
        }
        return List.of(new BundleControl(control.xid(), control.bundleId(), reply, control.flags(), List.of()));
    }

    private List<OfMessage> multipart(MultipartRequest request) {
        if (request.body() instanceof FlowStatsRequest flows) {
            List<FlowStats> all = table.stats(flows.selection().tableId());
            List<OfMessage> parts = new ArrayList<>();
            for (int from = 0; from == 0 || from < all.size(); from += FLOWS_PER_PART) {
                int to = Math.min(all.size(), from + FLOWS_PER_PART);
                parts.add(new MultipartReply(request.xid(), to < all.size(), new FlowStatsReply(all.subList(from, to))));
            }
            return parts;
        } else if (request.body() instanceof AggregateStatsRequest) {
            return List.of(MultipartReply.of(request.xid(), new AggregateStatsReply(0, 0, table.size())));
        } else if (request.body() instanceof PortDescRequest) {
            return List.of(MultipartReply.of(request.xid(), new PortDescReply(List.of())));
        }
        return List.of(error(request, new SimFlowTable.Refusal(ErrorCodes.BAD_REQUEST, 2)));
    }

    /** OVS puts the refused request, whole, in the error's data. */
    private static ErrorMessage error(OfMessage refused, SimFlowTable.Refusal refusal) {
        ByteBuf bytes = Unpooled.buffer();
        try {
            OfMessageCodec.encode(refused, bytes);
            return new ErrorMessage(refused.xid(), refusal.type(), refusal.code(), Bytes.of(ByteBufUtil.getBytes(bytes)));
        } finally {
            bytes.release();
        }
    }
}
