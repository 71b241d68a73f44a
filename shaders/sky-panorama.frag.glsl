// The generated world's far field and sky: an equirectangular frame from the frame model, looked up
// by view direction. Same mapping as core/lift/pixel-rays.ts: longitude 0 looks down -Z and grows
// towards +X; row 0 of the texture is the top of the panorama (straight up).
uniform sampler2D uPanorama;

varying vec3 vDirection;

const float PI = 3.14159265358979;

void main() {
  vec3 d = normalize(vDirection);
  float lon = atan(d.x, -d.z);
  float lat = asin(clamp(d.y, -1.0, 1.0));
  vec2 uv = vec2(0.5 + lon / (2.0 * PI), 0.5 - lat / PI);
  vec4 texel = texture2D(uPanorama, uv);
  gl_FragColor = vec4(texel.rgb, 1.0);
  #include <colorspace_fragment>
}
