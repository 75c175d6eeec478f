package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FlowTranslatorTest {
    private static final Path GOLDEN = Path.of("../flow-compiler/src/test/resources/golden");

    /** The codec's ovs-ofctl text of the translated ADD equals the IR's dump-flows line, field for field. */
    static String codecText(FlowMod mod) {
        StringBuilder text = new StringBuilder();
        if (mod.cookie() != 0) {
            text.append("cookie=0x").append(Long.toHexString(mod.cookie())).append(", ");
        }
        if (mod.tableId() != 0) {
            text.append("table=").append(mod.tableId()).append(", ");
        }
        String match = mod.match().toOvsText();
        String priorityAndMatch = mod.priority() == FlowMod.DEFAULT_PRIORITY ? match
                : "priority=" + mod.priority() + (match.isEmpty() ? "" : "," + match);
        if (!priorityAndMatch.isEmpty()) {
            text.append(priorityAndMatch).append(' ');
        }
        return text.append("actions=").append(Instructions.toOvsText(mod.instructions())).toString();
    }

    @Test
    void everyGoldenFlowTranslatesToTheSameOvsText() throws IOException {
        List<FlowEntry> flows = new ArrayList<>();
        for (String host : List.of("host-a", "host-b", "host-c")) {
            flows.addAll(FlowText.parseAll(Files.readString(GOLDEN.resolve(host + ".flows"))));
        }
        assertThat(flows).hasSizeGreaterThan(50);
        for (FlowEntry flow : flows) {
            assertThat(codecText(FlowTranslator.add(flow))).as("golden flow").isEqualTo(flow.toString());
        }
    }

    @Property(tries = 40)
    void everyFlowOfARandomCompileTranslatesToTheSameOvsText(@ForAll @IntRange(min = 1, max = 6) int hosts,
            @ForAll @IntRange(min = 1, max = 8) int apps, @ForAll long seed) {
        Random random = new Random(seed);
        Network network = randomNetwork(hosts, apps, random);
        CompiledNetwork compiled = FlowCompiler.ovsHosts().compile(network);
        compiled.datapaths().values().forEach(tables -> tables.flows().stream()
                .forEach(flow -> assertThat(codecText(FlowTranslator.add(flow))).isEqualTo(flow.toString())));
    }

    @Test
    void theGatewaysNatTranslatesToTheSameOvsText() {
        for (String text : List.of(
                "table=70, priority=100,ip,reg0=0x5 actions=ct(table=71,zone=65280,nat)",
                "table=72, priority=100,tcp,reg0=0x5 actions=ct(commit,zone=65280,nat(src=203.0.113.1-203.0.113.4:1024-65535),"
                        + "exec(set_field:0x5->ct_mark)),goto_table:73")) {
            FlowEntry flow = FlowText.parse(text);
            assertThat(codecText(FlowTranslator.add(flow))).isEqualTo(flow.toString());
        }
    }

    /** A firewall's classification rule: write_metadata is translated, after the actions and before goto_table. */
    @Test
    void writeMetadataIsTranslatedBetweenActionsAndGoto() {
        for (String line : List.of(
                "cookie=0xab00000000000000, priority=100,ip,in_port=2,nw_src=10.255.1.2 actions=write_metadata:0x2a,goto_table:1",
                "cookie=0xab00000000000000, priority=100,ip,in_port=1,nw_dst=10.255.1.2 actions=write_metadata:0x100002a/0xffffff,goto_table:1")) {
            FlowEntry flow = FlowText.parseAll(line).get(0);
            FlowMod mod = FlowTranslator.add(flow);
            assertThat(codecText(mod)).isEqualTo(flow.toString());
            assertThat(mod.instructions()).hasSize(2);
            assertThat(mod.instructions().get(0)).isInstanceOf(io.appnet.openflow.action.Instruction.WriteMetadata.class);
            assertThat(mod.instructions().get(1)).isEqualTo(io.appnet.openflow.action.Instruction.gotoTable(1));
        }
    }

    @Test
    void deleteIsStrictWithCookieAndFullMask() throws IOException {
        FlowEntry flow = FlowText.parseAll(Files.readString(GOLDEN.resolve("host-a.flows"))).get(0);
        FlowMod delete = FlowTranslator.deleteStrict(flow);
        assertThat(delete.command()).isEqualTo(FlowModCommand.DELETE_STRICT);
        assertThat(delete.cookie()).isEqualTo(flow.cookie().value());
        assertThat(delete.cookieMask()).isEqualTo(-1L);
        assertThat(delete.tableId()).isEqualTo(flow.table());
        assertThat(delete.priority()).isEqualTo(flow.priority());
        assertThat(delete.match().toOvsText()).isEqualTo(flow.match().toString());
    }

    @Test
    void modifyKeepsCookieAsModifyStrictAndCookieChangeBecomesDeletePlusAdd() {
        FlowEntry before = FlowText.parse("cookie=0xa400000000000001, table=51, priority=100,reg5=0x1 actions=drop");
        FlowEntry sameCookie = FlowText.parse("cookie=0xa400000000000001, table=51, priority=100,reg5=0x1 actions=goto_table:52");
        FlowEntry newCookie = FlowText.parse("cookie=0xa400000000000002, table=51, priority=100,reg5=0x1 actions=goto_table:52");

        List<FlowMod> modify = FlowTranslator.translate(io.appnet.compiler.FlowMod.modify(before, sameCookie));
        assertThat(modify).extracting(FlowMod::command).containsExactly(FlowModCommand.MODIFY_STRICT);
        assertThat(modify.get(0).cookieMask()).isEqualTo(-1L);
        assertThat(Instructions.toOvsText(modify.get(0).instructions())).isEqualTo("goto_table:52");

        List<FlowMod> recookie = FlowTranslator.translate(io.appnet.compiler.FlowMod.modify(before, newCookie));
        assertThat(recookie).extracting(FlowMod::command)
                .containsExactly(FlowModCommand.DELETE_STRICT, FlowModCommand.ADD);
        assertThat(recookie.get(0).cookie()).isEqualTo(0xa400000000000001L);
        assertThat(codecText(recookie.get(1))).isEqualTo(newCookie.toString());
    }

    @Property(tries = 20)
    void incrementalDeltasTranslate(@ForAll long seed) {
        Random random = new Random(seed);
        Network network = randomNetwork(3, 4, random);
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork compiled = compiler.compile(network);
        var update = compiler.update(compiled, Change.addPolicy(900, "app-0", "app-1", Protocol.TCP,
                PortRange.of(1000 + random.nextInt(100), 2000)));
        for (DatapathDelta delta : update.deltas().values()) {
            for (io.appnet.compiler.FlowMod mod : delta.mods()) {
                List<FlowMod> mods = FlowTranslator.translate(mod);
                FlowMod last = mods.get(mods.size() - 1);
                assertThat(last.match().toOvsText()).isEqualTo(mod.flow().match().toString());
                if (last.command() != FlowModCommand.DELETE_STRICT) {
                    assertThat(codecText(last)).isEqualTo(mod.flow().toString());
                }
            }
        }
    }

    static Network randomNetwork(int hosts, int apps, Random random) {
        Network network = Network.empty();
        for (int app = 0; app < apps; app++) {
            network = network.apply(Change.registerApp("app-" + app));
        }
        for (int host = 0; host < hosts; host++) {
            network = network.apply(Change.putHost(Host.of("host-" + host, "192.168.0." + (host + 1),
                    "10.255." + host + ".0/24", 1)));
            for (int slot = 2; slot < 2 + random.nextInt(4); slot++) {
                network = network.apply(Change.addInstance("i-" + host + "-" + slot, "app-" + random.nextInt(apps),
                        "host-" + host, slot, "10.255." + host + "." + slot,
                        String.format("02:00:00:00:%02x:%02x", host, slot)));
            }
        }
        Protocol[] protocols = Protocol.values();
        for (int id = 1; id <= random.nextInt(8); id++) {
            Protocol protocol = protocols[random.nextInt(protocols.length)];
            int low = 1 + random.nextInt(60000);
            Change policy = Change.addPolicy(id, "app-" + random.nextInt(apps), "app-" + random.nextInt(apps),
                    protocol, protocol.hasPorts() ? PortRange.of(low, low + random.nextInt(3000)) : PortRange.any());
            try {
                network = network.apply(policy);
            } catch (ModelException duplicate) {
                // a random policy may repeat an earlier one; the network stays as it was
            }
        }
        return network;
    }
}
