#include <worldwalk_sky_gradient>

varying vec3 vDirection;

void main() {
  vec3 col = worldwalkSky(normalize(vDirection));
  gl_FragColor = vec4(col, 1.0);
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
}
