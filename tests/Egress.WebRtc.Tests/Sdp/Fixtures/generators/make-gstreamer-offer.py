import sys, gi
gi.require_version('Gst', '1.0'); gi.require_version('GstWebRTC', '1.0'); gi.require_version('GstSdp', '1.0')
from gi.repository import Gst, GstWebRTC, GstSdp
Gst.init(None)
pipe = Gst.Pipeline.new('p')
wb = Gst.ElementFactory.make('webrtcbin', 'wb')
policy = sys.argv[1] if len(sys.argv) > 1 else 'max-bundle'
wb.set_property('bundle-policy', {'max-bundle': GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE, 'none': GstWebRTC.WebRTCBundlePolicy.NONE}[policy])
pipe.add(wb)
R = GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY
wb.emit('add-transceiver', R, Gst.Caps.from_string('application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000,packetization-mode=(string)1,profile-level-id=(string)42e01f,level-asymmetry-allowed=(string)1'))
wb.emit('add-transceiver', R, Gst.Caps.from_string('application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2'))
pipe.set_state(Gst.State.PLAYING)
p = Gst.Promise.new()
wb.emit('create-offer', None, p)
p.wait()
r = p.get_reply(); o = r.get_value('offer') if r.has_field('offer') else None
if o is None: print(r.to_string(), file=sys.stderr); sys.exit(2)
print(o.sdp.as_text(), end='')
pipe.set_state(Gst.State.NULL)
