"""Usage: python3 make-gstreamer-whip-offer.py > offer.sdp

A WHIP publisher offer from GStreamer 1.22 webrtcbin, set up as a WHIP client would be: live test sources
encoded with x264enc (constrained baseline) + rtph264pay and opusenc + rtpopuspay, max-bundle, both transceivers
set to sendonly, NACK/RTX enabled on video, and the local description read once ICE gathering completes (so the
host candidates are in it). UPnP discovery is switched off so nothing but host-candidate sockets is touched.
"""
import sys, gi
gi.require_version('Gst', '1.0'); gi.require_version('GstWebRTC', '1.0'); gi.require_version('GstSdp', '1.0')
from gi.repository import Gst, GstWebRTC, GLib

Gst.init(None)
pipe = Gst.parse_launch(
    'webrtcbin name=wb bundle-policy=max-bundle '
    'videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=30/1 ! videoconvert '
    '! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=60 ! video/x-h264,profile=constrained-baseline '
    '! rtph264pay config-interval=-1 pt=96 ! application/x-rtp,media=video,encoding-name=H264,payload=96 ! wb. '
    'audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc '
    '! rtpopuspay pt=111 ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! wb.')
wb = pipe.get_by_name('wb')
# PyGObject drops a reference it does not own when these properties are read; keep both objects alive ourselves.
ice = wb.get_property('ice-agent')
agent = ice.get_property('agent')
agent.set_property('upnp', False)
# parse_launch already requested webrtcbin's sink pads, so both transceivers exist: make them publish-only.
transceivers = [wb.emit('get-transceiver', index) for index in range(2)]
for transceiver in transceivers:
    transceiver.set_property('direction', GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
transceivers[0].set_property('do-nack', True)
loop = GLib.MainLoop()
result = {}


def finish(sdp=None, error=None):
    result['sdp'], result['error'] = sdp, error
    GLib.idle_add(loop.quit)


def on_gathering(element, _):
    if element.get_property('ice-gathering-state') == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
        finish(sdp=element.get_property('local-description').sdp.as_text())


def on_offer(promise, _):
    # negotiation-needed can fire once per linked pad; only the first offer is used, and a later failure is ignored.
    reply = promise.get_reply()
    offer = reply.get_value('offer') if reply is not None and reply.has_field('offer') else None
    if result.get('offered'):
        return
    if offer is None:
        finish(error=reply.to_string() if reply is not None else 'no reply')
        return
    result['offered'] = True
    wb.emit('set-local-description', offer, None)


def on_negotiation_needed(element):
    element.emit('create-offer', None, Gst.Promise.new_with_change_func(on_offer, None))


wb.connect('on-negotiation-needed', on_negotiation_needed)
wb.connect('notify::ice-gathering-state', on_gathering)
pipe.set_state(Gst.State.PLAYING)
GLib.timeout_add_seconds(20, lambda: finish(error='timed out') or False)
loop.run()
pipe.set_state(Gst.State.NULL)
if result.get('sdp') is None:
    print(result.get('error'), file=sys.stderr)
    sys.exit(2)
sys.stdout.write(result['sdp'])
