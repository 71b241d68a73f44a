// worldwalk_sky_gradient: the sky's colour for a view direction, shared by every shader that needs the
// sky (the dome now; fog and splat backgrounds later). Registered once as THREE.ShaderChunk.
// Expects these uniforms to be declared by the including shader's material.
uniform vec3 uZenith;
uniform vec3 uHorizon;
uniform vec3 uGround;
uniform vec3 uSunDirection;
uniform vec3 uSunColor;

vec3 worldwalkSky(vec3 dir) {
  float h = dir.y;
  // Horizon band widens towards the ground so the far terrain fades into haze, not a hard edge.
  float up = pow(clamp(h, 0.0, 1.0), 0.45);
  vec3 sky = mix(uHorizon, uZenith, up);
  vec3 below = mix(uHorizon, uGround, clamp(-h * 4.0, 0.0, 1.0));
  vec3 col = h >= 0.0 ? sky : below;
  float sun = max(dot(dir, uSunDirection), 0.0);
  col += uSunColor * (pow(sun, 2000.0) * 3.0 + pow(sun, 48.0) * 0.3);
  return col;
}
