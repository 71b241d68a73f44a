// Comfort vignette: a small sphere centred on the head and turned with it, so its local vertex
// position is a view direction (local -Z = straight ahead), the same for both eyes.
varying vec3 vDirection;

void main() {
  vDirection = position;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
