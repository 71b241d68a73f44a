// Darkens the view outside a cone around straight ahead. uAmount (0..1) narrows the clear cone:
// at 0 nothing shows, at 1 only ~25 degrees around the centre stay clear.
uniform float uAmount;
varying vec3 vDirection;

const float CLEAR_WIDE = 1.2;   // half-angle (radians) of the clear cone as the vignette starts
const float CLEAR_NARROW = 0.45; // half-angle at full strength
const float FEATHER = 0.35;      // soft edge (radians), so the ring reads as dimming, not a tunnel wall

void main() {
  float angle = acos(clamp(dot(normalize(vDirection), vec3(0.0, 0.0, -1.0)), -1.0, 1.0));
  float clearCone = mix(CLEAR_WIDE, CLEAR_NARROW, uAmount);
  float dark = smoothstep(clearCone, clearCone + FEATHER, angle);
  gl_FragColor = vec4(0.0, 0.0, 0.0, dark * min(1.0, uAmount * 1.5));
}
