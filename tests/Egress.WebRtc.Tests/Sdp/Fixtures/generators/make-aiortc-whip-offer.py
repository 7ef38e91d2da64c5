"""Usage: python3 make-aiortc-whip-offer.py > offer.sdp

A WHIP publisher offer from aiortc (Debian's python3-aiortc 1.4): lavfi test pattern and sine tone through
aiortc.contrib.media.MediaPlayer, added with addTrack (so the m-lines are sendrecv, as aiortc publishers send them).
No ICE servers are configured, so gathering only lists host candidates and nothing leaves the machine.
"""
import asyncio, sys
from aiortc import RTCPeerConnection
from aiortc.contrib.media import MediaPlayer


async def main():
    video = MediaPlayer('testsrc=size=640x360:rate=30', format='lavfi')
    audio = MediaPlayer('sine=frequency=440:sample_rate=48000', format='lavfi')
    pc = RTCPeerConnection()
    pc.addTrack(video.video)
    pc.addTrack(audio.audio)
    await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers before it resolves
    sys.stdout.write(pc.localDescription.sdp)
    await pc.close()
    for player in (video, audio):
        for track in (player.audio, player.video):
            if track is not None:
                track.stop()


asyncio.run(main())
