"""A WHIP publisher built on GStreamer's webrtcbin (libnice ICE, GStreamer's own encoders and payloaders).

Usage: whip_gstreamer_publisher.py WHIP_URL CODEC SECONDS   (CODEC: H264 or VP8)
Publishes a 640x360 test picture at 30 fps and a 440 Hz tone, hangs up with DELETE, prints one JSON line.

Debian's simple-whip-client is the same webrtcbin pipeline, but on bookworm it aborts at start: it links libsoup2,
and libnice pulls in libsoup3 through gupnp-igd. The HTTP side is done here with urllib instead.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

ENCODERS = {
    "H264": ("x264enc tune=zerolatency speed-preset=veryfast bitrate=1500 key-int-max=120 ! "
             "video/x-h264,profile=constrained-baseline ! rtph264pay pt=102 config-interval=-1 aggregate-mode=zero-latency", 102),
    "VP8": ("vp8enc deadline=1 target-bitrate=1500000 keyframe-max-dist=120 ! rtpvp8pay pt=96", 96),
}


def main(url: str, codec: str, seconds: float) -> None:
    Gst.init(None)
    encoder, payload_type = ENCODERS[codec]
    pipeline = Gst.parse_launch(
        "webrtcbin name=send bundle-policy=max-bundle "
        "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1 ! videoconvert ! queue ! "
        f"{encoder} ! queue ! application/x-rtp,media=video,encoding-name={codec},payload={payload_type} ! send. "
        "audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample ! queue ! opusenc ! "
        "rtpopuspay pt=111 ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! send.")
    webrtc = pipeline.get_by_name("send")

    # libnice leaves loopback out of its candidates; a test's traffic must stay on it, so it is the only address.
    ice = webrtc.get_property("ice-agent")
    ice.emit("add-local-ip-address", "127.0.0.1")
    ice.set_property("ice-tcp", False)
    loop = GLib.MainLoop()
    result = {"codec": codec, "answered": False, "connected": False, "error": None}
    session = {}

    def fail(message: str) -> None:
        result["error"] = message
        loop.quit()

    def post_offer() -> bool:
        # Without trickle: the offer goes once ICE gathering is complete, with every candidate in it.
        offer = webrtc.get_property("local-description").sdp.as_text()
        request = urllib.request.Request(url, data=offer.encode(), method="POST", headers={"Content-Type": "application/sdp"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                session["url"] = urllib.parse.urljoin(url, response.headers["Location"])
                answer_text = response.read().decode()
        except urllib.error.HTTPError as error:
            fail(f"WHIP POST answered {error.code}: {error.read().decode().strip()}")
            return False
        _, sdp = GstSdp.SDPMessage.new_from_text(answer_text)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, sdp)
        webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        result["answered"] = True
        return False

    def on_gathering(element, _spec) -> None:
        if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE and "posted" not in session:
            session["posted"] = True
            GLib.idle_add(post_offer)

    def on_connection(element, _spec) -> None:
        if element.get_property("connection-state") == GstWebRTC.WebRTCPeerConnectionState.CONNECTED:
            result["connected"] = True

    def on_offer(promise, _element, _data) -> None:
        # The reply owns the offer: it must stay referenced while the offer is used.
        reply = promise.get_reply()
        offer = reply.get_value("offer")
        if offer is not None:
            # The first negotiation can come before the encoders' caps are known; the next one has them.
            webrtc.emit("set-local-description", offer, Gst.Promise.new())

    def on_negotiation_needed(element) -> None:
        element.emit("create-offer", None, Gst.Promise.new_with_change_func(on_offer, element, None))

    def on_bus(_bus, message) -> None:
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            fail(f"GStreamer error: {error.message} ({debug})")

    # The transceivers stay sendrecv, as webrtcbin makes them for linked pads (in 1.22 a sendonly one without codec
    # preferences yields no offer); the server answers recvonly, which is what a WHIP server does with sendrecv.
    webrtc.connect("on-negotiation-needed", on_negotiation_needed)
    webrtc.connect("notify::ice-gathering-state", on_gathering)
    webrtc.connect("notify::connection-state", on_connection)
    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_bus)
    pipeline.set_state(Gst.State.PLAYING)
    GLib.timeout_add(int(seconds * 1000), loop.quit)
    loop.run()

    if "url" in session:
        urllib.request.urlopen(urllib.request.Request(session["url"], method="DELETE"), timeout=10).close()
    pipeline.set_state(Gst.State.NULL)
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["connected"] and result["error"] is None else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
